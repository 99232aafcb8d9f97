// The website serves MathJax 3 and the ipywidgets manager itself, with no CDN. Two small adapters:
// 1. require.js is told where the widget manager lives (_static/widgets/), so that its icon fonts are
//    fetched from there and not from a folder next to the page.
// 2. Widgets typeset their labels with MathJax 2's `MathJax.Hub.Queue`; this maps it onto MathJax 3.
// 3. Names the widget manager leaves out, for screen readers: a slider's handle is named after the
//    slider's description, and a picture drawn in an explorer's output gets, as its alt text, the
//    output's tooltip (set in Python by course.style.described) or a plain description.
(function () {
  "use strict";
  var widgets = new URL("widgets", document.currentScript.src).href;
  if (typeof window.require === "undefined") {
    window.require = {paths: {"@jupyter-widgets/html-manager/dist": widgets}};
  }

  var hub = {
    Queue: function (job) {
      var element = job && job[2];
      var mathjax = window.MathJax;
      if (!element || !mathjax) return;
      var typeset = function () {
        if (mathjax.typesetPromise) mathjax.typesetPromise([element]).catch(function () {});
      };
      if (mathjax.startup && mathjax.startup.promise) mathjax.startup.promise.then(typeset);
      else typeset();
    }
  };
  var current = window.MathJax;
  var withHub = function (value) {
    if (value && typeof value === "object" && !("Hub" in value)) {
      Object.defineProperty(value, "Hub", {value: hub, enumerable: false, configurable: true});
    }
    return value;
  };
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); }
  });
  withHub(current);

  var PICTURE = "The explorer's picture at its first setting (it redraws live in JupyterLab).";
  var nameWidgets = function () {
    document.querySelectorAll(".noUi-handle[role=slider]:not([aria-label])").forEach(function (handle) {
      var slider = handle.closest(".widget-slider");
      var label = slider && slider.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handle.setAttribute("aria-label", text || "slider");
    });
    document.querySelectorAll(".jupyter-widgets img:not([alt])").forEach(function (img) {
      var described = img.closest(".jupyter-widgets[title]");
      img.setAttribute("alt", described ? described.getAttribute("title") : PICTURE);
    });
  };
  new MutationObserver(nameWidgets).observe(document.documentElement, {childList: true, subtree: true});
})();
