/* Ledelse på tværs – progressive enhancement. Loaded with `defer`.
   Without JavaScript every feature here has a link-based fallback. */
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  /* Print buttons (the card decks): shown only when they can work. */
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });

  /* ------------------------------------------------------------------ *
   * Case filters: /cases/ (and the pre-filtered /cases/<facet>/<key>/)
   * ------------------------------------------------------------------ */

  // URL param  ->  [label, path segment in the filter links, card data attribute]
  var FACETS = [
    { param: 'sektor', label: 'Sektor', segment: 'sektor', attr: 'sector', multi: false },
    { param: 'niveau', label: 'Niveau', segment: 'niveau', attr: 'level', multi: false },
    { param: 'tema', label: 'Tema', segment: 'tema', attr: 'themes', multi: true }
  ];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text != null) node.textContent = text;
    return node;
  }

  // Options for one facet, read from the no-JS filter links:
  // <a href="/cases/sektor/kommune/">Kommune (5)</a>
  function readOptions(nav, segment) {
    var re = new RegExp('/cases/' + segment + '/([^/?#]+)/?$');
    var options = [];
    var seen = {};
    nav.querySelectorAll('a[href]').forEach(function (a) {
      var path = new URL(a.getAttribute('href'), location.href).pathname;
      var m = re.exec(path);
      if (!m) return;
      var key = decodeURIComponent(m[1]);
      if (seen[key]) return;
      seen[key] = true;
      var label = a.textContent.replace(/\s*\(\d+\)\s*$/, '').trim();
      options.push({ key: key, label: label, current: a.getAttribute('aria-current') === 'page' });
    });
    return options;
  }

  function initCaseFilters() {
    var nav = document.querySelector('nav.filters');
    var list = document.querySelector('ul.cards');
    if (!nav || !list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll('li.case-card'));
    if (!cards.length) return;
    var count = document.querySelector('.case-count');
    var total = (count && Number(count.getAttribute('data-total'))) || cards.length;

    // The list page all filters point back to (/cases/ under any base path).
    var allLink = nav.querySelector('p a[href]');
    var listPath = allLink ? new URL(allLink.getAttribute('href'), location.href).pathname : location.pathname;
    // On a pre-filtered page (/cases/sektor/kommune/) only some cards exist,
    // so the form starts from that page's facet and works on the full list.
    var onFullList = location.pathname === listPath;

    var form = el('form', { 'class': 'filter-form', role: 'search', 'aria-label': 'Filtrér cases', action: listPath, method: 'get' });
    var fieldset = el('fieldset', { 'class': 'filter-form' });
    fieldset.appendChild(el('legend', null, 'Filtrér cases'));
    var fields = el('div', { 'class': 'filter-fields' });
    var selects = {};

    FACETS.forEach(function (facet) {
      var options = readOptions(nav, facet.segment);
      if (!options.length) return;
      var id = 'filter-' + facet.param;
      var wrap = el('div', { 'class': 'filter-field' });
      wrap.appendChild(el('label', { 'for': id }, facet.label));
      var select = el('select', { id: id, name: facet.param });
      select.appendChild(el('option', { value: '' }, 'Alle'));
      options.forEach(function (o) {
        var opt = el('option', { value: o.key }, o.label);
        if (!onFullList && o.current) opt.selected = true;
        select.appendChild(opt);
      });
      wrap.appendChild(select);
      fields.appendChild(wrap);
      selects[facet.param] = select;
    });

    fieldset.appendChild(fields);
    var actions = el('div', { 'class': 'filter-actions' });
    var submit = el('button', { type: 'submit' }, 'Vis cases');
    var reset = el('button', { type: 'button', 'class': 'filter-reset' }, 'Nulstil filtre');
    var status = el('p', { 'class': 'filter-status', role: 'status', 'aria-live': 'polite', id: 'filter-status' });
    actions.appendChild(reset);
    actions.appendChild(status);
    fieldset.appendChild(actions);
    form.appendChild(fieldset);

    var empty = el('p', { 'class': 'no-results', hidden: '' },
      'Ingen cases passer til filtrene. Vælg “Alle” i et af felterne, eller nulstil filtrene.');

    function values() {
      var v = {};
      FACETS.forEach(function (f) {
        if (selects[f.param] && selects[f.param].value) v[f.param] = selects[f.param].value;
      });
      return v;
    }

    function matches(card, v) {
      return FACETS.every(function (f) {
        var want = v[f.param];
        if (!want) return true;
        var have = card.getAttribute('data-' + f.attr) || '';
        return f.multi ? have.split(/\s+/).indexOf(want) !== -1 : have === want;
      });
    }

    function apply(updateUrl) {
      var v = values();
      var shown = 0;
      cards.forEach(function (card) {
        var ok = matches(card, v);
        card.hidden = !ok;
        if (ok) shown++;
      });
      empty.hidden = shown !== 0;
      // The intro and the status say the same: shown of all the handbook's cases.
      status.textContent = 'Viser ' + shown + ' af ' + total + ' cases';
      if (count) count.textContent = shown + ' af ' + total + ' cases.';
      if (updateUrl && onFullList && window.history && history.replaceState) {
        var params = new URLSearchParams();
        FACETS.forEach(function (f) { if (v[f.param]) params.set(f.param, v[f.param]); });
        var qs = params.toString();
        history.replaceState(history.state, '', listPath + (qs ? '?' + qs : '') + location.hash);
      }
    }

    if (onFullList) {
      // Filters from the URL (/cases/?sektor=kommune&tema=...).
      var params = new URLSearchParams(location.search);
      FACETS.forEach(function (f) {
        var s = selects[f.param];
        var want = params.get(f.param);
        if (!s || !want) return;
        for (var i = 0; i < s.options.length; i++) {
          if (s.options[i].value === want) { s.selectedIndex = i; break; }
        }
      });
      Object.keys(selects).forEach(function (k) {
        selects[k].addEventListener('change', function () { apply(true); });
      });
      reset.addEventListener('click', function () {
        Object.keys(selects).forEach(function (k) { selects[k].selectedIndex = 0; });
        apply(true);
        var first = selects[FACETS[0].param];
        if (first) first.focus();
      });
      // Filtering is instant; Enter in the form must not reload the page.
      form.addEventListener('submit', function (e) { e.preventDefault(); apply(true); });
    } else {
      // This page holds only some cases: the choice is sent to the full list
      // (a GET form, so /cases/?sektor=…), on the reader's explicit request.
      actions.insertBefore(submit, reset);
      reset.addEventListener('click', function () { location.href = listPath; });
    }

    // Hide the link lists (the no-JS fallback) and put the form in their place.
    nav.hidden = true;
    nav.parentNode.insertBefore(form, nav);
    list.parentNode.insertBefore(empty, list.nextSibling);
    apply(false);
  }

  /* ------------------------------------------------------------------ *
   * Search page /soeg/: the search UI itself lives in search.js.
   * ------------------------------------------------------------------ */

  function initSearchPage() {
    var root = document.getElementById('soeg');
    if (!root) return;
    root.querySelectorAll('.no-js-note').forEach(function (p) { p.hidden = true; });
    // search.js (loaded on /soeg/ only) fills #soegestatus and #soegeresultater
    // and reveals #soegefiltre; nothing more to do here.
  }

  function init() {
    initCaseFilters();
    initSearchPage();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
