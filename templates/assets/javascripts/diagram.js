/* Interactive charts. Each chart is on the page as a static SVG; when JavaScript runs, this loads
   vega-embed (served from this site) and puts the interactive view in place of the picture. */
(function () {
  "use strict";
  var specs = document.querySelectorAll("script.diagram-spec");
  if (!specs.length) {
    return;
  }
  var bundle = document.createElement("script");
  bundle.src = document.currentScript.src.replace(/diagram\.js(\?.*)?$/, "vega-embed.js");
  bundle.onload = function () {
    specs.forEach(function (node) {
      var picture = document.querySelector('.diagram-bild[data-diagram="' + node.dataset.diagram + '"]');
      var spec = JSON.parse(node.textContent);
      var label = picture.querySelector("svg").getAttribute("aria-label");
      var view = document.createElement("div");
      view.className = "diagram-interaktiv";
      picture.after(view);
      window.vegaEmbed(view, spec, spec.usermeta.embedOptions).then(function () {
        // vega-embed labels its container in English ("Vega visualization"): give it the Swedish alt text.
        view.setAttribute("role", "img");
        view.setAttribute("aria-label", label);
        view.removeAttribute("aria-roledescription");
        // The container is the image; what Vega draws inside it is presentation only, and its English role
        // descriptions ("rect mark container") go.
        view.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
        view.querySelectorAll("[aria-roledescription]").forEach(function (mark) {
          mark.removeAttribute("aria-roledescription");
        });
        picture.hidden = true;
      }).catch(function (error) {
        view.remove();  // the static picture stays
        console.warn("Diagrammet kunde inte visas interaktivt:", error);
      });
    });
  };
  document.head.appendChild(bundle);
})();
