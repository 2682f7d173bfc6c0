/* Interactive charts. Each chart is on the page as a static SVG, wide and narrow; when JavaScript runs and a
   chart comes near the screen, this loads vega-embed (served from this site, once) and puts the interactive
   view in place of the picture, drawn in the layout that the chart's width calls for (as rapport.css does). */
(function () {
  "use strict";
  var NARROW = 600;  // px: below this the narrow drawing shows (rapport.css)
  var specs = document.querySelectorAll("script.diagram-spec");
  // Once per page, also where a project's mkdocs.yml still lists this script under extra_javascript.
  if (!specs.length || window.rapportDiagram) {
    return;
  }
  window.rapportDiagram = true;
  var source = document.currentScript.src.replace(/diagram\.js(\?.*)?$/, "vega-embed.js");
  var loading = null;

  function runtime() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var bundle = document.createElement("script");
        bundle.src = source;
        bundle.onload = resolve;
        bundle.onerror = reject;
        document.head.appendChild(bundle);
      });
    }
    return loading;
  }

  function show(node, picture) {
    var layouts = JSON.parse(node.textContent);
    var spec = picture.clientWidth < NARROW && layouts.smal ? layouts.smal : layouts.bred;
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
  }

  function load(node, picture) {
    runtime().then(function () { show(node, picture); }, function () {
      console.warn("Diagrammen kunde inte göras interaktiva: vega-embed.js kunde inte hämtas");
    });
  }

  // The runtime (about 0.9 MB) is fetched only when a chart comes within a screen of being seen.
  var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        near.unobserve(entry.target);
        load(entry.target.chartSpec, entry.target);
      }
    });
  }, {rootMargin: "100% 0px"}) : null;
  specs.forEach(function (node) {
    var picture = document.querySelector('.diagram-bild[data-diagram="' + node.dataset.diagram + '"]');
    if (near) {
      picture.chartSpec = node;
      near.observe(picture);
    } else {
      load(node, picture);
    }
  });
})();
