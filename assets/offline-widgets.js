// The website serves MathJax 3 and the ipywidgets manager itself, with no CDN. Two small adapters:
// 1. require.js is told where the widget manager lives (_static/widgets/), so that its icon fonts are
//    fetched from there and not from a folder next to the page.
// 2. Widgets typeset their labels with MathJax 2's `MathJax.Hub.Queue`; this maps it onto MathJax 3.
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
})();
