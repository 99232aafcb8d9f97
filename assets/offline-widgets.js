// The website serves MathJax 3 and the ipywidgets manager itself, with no CDN. Two small adapters:
// 1. require.js is told where the widget manager lives (_static/widgets/), so that its icon fonts are
//    fetched from there and not from a folder next to the page.
// 2. Widgets typeset their labels with MathJax 2's `MathJax.Hub.Queue`; this maps it onto MathJax 3.
// 3. Accessible names the page's tools leave out, for screen readers: a slider's handle is named
//    after the slider's description; a picture drawn in an explorer gets, as its alt text, the text
//    of the hidden ".explorer-alt" widget of its box (course.style.described) or a plain
//    description; and myst-nb's "Show code cell source" toggles keep their visible text as their
//    name (their aria-label "Toggle hidden content" hides it).
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
  var altFor = function (img) {
    for (var el = img.parentElement; el; el = el.parentElement) {
      var alt = el.querySelector(":scope > .explorer-alt");
      if (alt) return alt.textContent.trim();
    }
    return null;
  };
  var nameThings = function () {
    document.querySelectorAll(".noUi-handle[role=slider]:not([aria-label])").forEach(function (handle) {
      var slider = handle.closest(".widget-slider");
      var label = slider && slider.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handle.setAttribute("aria-label", text || "slider");
    });
    // The description widget may be attached after the picture: a plain alt until it is.
    document.querySelectorAll(".jupyter-widgets img:not([alt]), img[data-plain-alt]").forEach(function (img) {
      var text = altFor(img);
      img.setAttribute("alt", text || PICTURE);
      if (text) img.removeAttribute("data-plain-alt"); else img.setAttribute("data-plain-alt", "");
    });
    document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (summary) {
      if (summary.textContent.trim()) summary.removeAttribute("aria-label");
    });
  };
  new MutationObserver(nameThings).observe(document.documentElement, {childList: true, subtree: true});
})();
