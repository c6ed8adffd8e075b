// YASGUI on this app's endpoint only: prefixes and ontology terms from local JSON, example queries as
// tabs, dipkg resource IRIs in results linked to entity pages. window.dipkgYasgui is for the tests.
(function () {
  "use strict";
  const root = document.getElementById("yasgui");
  const source = document.getElementById("yasgui-config");
  if (!root || !source || typeof Yasgui === "undefined") return;
  const config = JSON.parse(source.textContent);
  const Yasqe = Yasgui.Yasqe;

  let terms = null;
  function loadTerms() {
    if (!terms) terms = fetch(config.terms).then(function (r) { return r.json(); });
    return terms;
  }
  // Class and property completion from the ontology instead of LOV (a remote service).
  Yasqe.forkAutocompleter("class", {
    name: "dip-class", bulk: true, get: function () { return loadTerms().then(function (t) { return t.classes; }); },
  });
  Yasqe.forkAutocompleter("property", {
    name: "dip-property", bulk: true, get: function () { return loadTerms().then(function (t) { return t.properties; }); },
  });
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasqe.defaults.prefixCcApi = config.prefixApi;

  const prefixLines = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n");
  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; }, keys: [] },
    yasqe: { value: prefixLines + "\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10", prefixCcApi: config.prefixApi },
    yasr: { prefixes: config.prefixes },
  });
  // The example queries as tabs, after the first one.
  config.examples.forEach(function (example) {
    yasgui.addTab(false, Object.assign(Yasgui.Tab.getDefaults(), {
      name: example.name, yasqe: { value: example.query }, requestConfig: { endpoint: config.endpoint, method: "POST" },
    }));
  });

  // IRIs of dipkg resources in result tables open their entity page here.
  function relink() {
    root.querySelectorAll(".yasr a[href^='" + config.entityBase + "']").forEach(function (a) {
      a.href = "/entity/" + a.getAttribute("href").slice(config.entityBase.length);
      a.removeAttribute("target");
      a.classList.add("entity-link");
    });
  }
  new MutationObserver(relink).observe(root, { childList: true, subtree: true });
  window.dipkgYasgui = yasgui;
})();
