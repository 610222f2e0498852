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

  /* The phone menu (details/summary, which works without this): Escape
     closes it and gives the focus back to its button. */
  Array.prototype.forEach.call(document.querySelectorAll('details.phone-menu'), function (menu) {
    menu.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || !menu.open) return;
      menu.open = false;
      var summary = menu.querySelector('summary');
      if (summary) summary.focus();
    });
  });

  /* ------------------------------------------------------------------ *
   * Case filters: /cases/ and the pre-filtered /cases/<facet>/<key>/.
   * Everything the form needs (the whole list's URL and title, each facet's
   * URL parameter, label and card attribute, each value's key and label,
   * the texts) comes from data-* attributes the build writes on the no-JS
   * filter links (nav.filters); nothing of it is written here.
   * ------------------------------------------------------------------ */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text != null) node.textContent = text;
    return node;
  }

  // "Viser {shown} af {total} cases" with the numbers filled in.
  function fill(template, shown, total) {
    return (template || '').replace('{shown}', shown).replace('{total}', total);
  }

  // The facets of the no-JS filter links: [{param, label, attr, multi, options}].
  function readFacets(nav) {
    var facets = [];
    nav.querySelectorAll('[data-facet]').forEach(function (group) {
      var options = [];
      group.querySelectorAll('a[data-key]').forEach(function (a) {
        options.push({
          key: a.getAttribute('data-key'),
          label: a.getAttribute('data-label'),
          // How many of all the handbook's cases have this value.
          count: Number(a.getAttribute('data-count')),
          current: a.getAttribute('aria-current') === 'page'
        });
      });
      if (!options.length) return;
      facets.push({
        param: group.getAttribute('data-facet'),
        label: group.getAttribute('data-label'),
        attr: group.getAttribute('data-card-attr'),
        multi: group.hasAttribute('data-multi'),
        options: options
      });
    });
    return facets;
  }

  function initCaseFilters() {
    var nav = document.querySelector('nav.filters[data-list-url]');
    var list = document.querySelector('ul.cards');
    if (!nav || !list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll('li.case-card'));
    if (!cards.length) return;
    var facets = readFacets(nav);
    if (!facets.length) return;
    var text = function (name) { return nav.getAttribute('data-' + name) || ''; };
    var count = document.querySelector('.case-count');
    var total = (count && Number(count.getAttribute('data-total'))) || cards.length;
    var listPath = new URL(nav.getAttribute('data-list-url'), location.href).pathname;
    // A pre-filtered page (/cases/sektor/kommune/) holds only its own cases;
    // the first change that needs the others fetches the whole list.
    var onFullList = location.pathname === listPath;
    var complete = onFullList;
    var pageFacet = null;
    facets.forEach(function (f) {
      f.options.forEach(function (o) { if (o.current) pageFacet = { param: f.param, key: o.key }; });
    });

    var form = el('form', { 'class': 'filter-form', role: 'search', 'aria-label': text('legend'), action: listPath, method: 'get' });
    var fieldset = el('fieldset', { 'class': 'filter-form' });
    fieldset.appendChild(el('legend', null, text('legend')));
    var fields = el('div', { 'class': 'filter-fields' });
    var selects = {};

    facets.forEach(function (facet) {
      var id = 'filter-' + facet.param;
      var wrap = el('div', { 'class': 'filter-field' });
      wrap.appendChild(el('label', { 'for': id }, facet.label));
      var select = el('select', { id: id, name: facet.param });
      select.appendChild(el('option', { value: '' }, text('all')));
      facet.options.forEach(function (o) {
        var opt = el('option', { value: o.key, 'data-label': o.label }, o.label);
        if (o.current) opt.selected = true;
        select.appendChild(opt);
      });
      wrap.appendChild(select);
      fields.appendChild(wrap);
      selects[facet.param] = select;
    });

    fieldset.appendChild(fields);
    var actions = el('div', { 'class': 'filter-actions' });
    var reset = el('button', { type: 'button', 'class': 'filter-reset' }, text('reset'));
    var status = el('p', { 'class': 'filter-status', role: 'status', 'aria-live': 'polite', id: 'filter-status' });
    actions.appendChild(reset);
    actions.appendChild(status);
    fieldset.appendChild(actions);
    form.appendChild(fieldset);

    var empty = el('p', { 'class': 'no-results', hidden: '' }, text('empty'));

    function values() {
      var v = {};
      facets.forEach(function (f) {
        if (selects[f.param].value) v[f.param] = selects[f.param].value;
      });
      return v;
    }

    // "Region (3)": an option's label with how many cases it would show,
    // the other filters as they are. Where the page cannot know (a
    // pre-filtered page before it has the whole list), the label alone.
    function optionText(label, count) {
      if (count == null) return label;
      return (text('option') || '{label} ({count})').replace('{label}', label).replace('{count}', count);
    }

    // How many cases the filters `v`, with facet `facet` set to `key` ('' for
    // all), would show; null when this page cannot know yet.
    function countWith(v, facet, key) {
      var want = {};
      Object.keys(v).forEach(function (k) { want[k] = v[k]; });
      if (key) want[facet.param] = key; else delete want[facet.param];
      if (!complete && pageFacet && want[pageFacet.param] !== pageFacet.key) {
        // This page holds only the cases with its own value. With nothing
        // else chosen, the counts of the links without JavaScript hold.
        var others = Object.keys(want).filter(function (k) { return k !== pageFacet.param; });
        if (others.length || facet.param !== pageFacet.param) return null;
        if (!key) return total;
        var option = facet.options.filter(function (o) { return o.key === key; })[0];
        return option ? option.count : null;
      }
      return cards.filter(function (card) { return matches(card, want); }).length;
    }

    function updateCounts() {
      var v = values();
      facets.forEach(function (facet) {
        var select = selects[facet.param];
        Array.prototype.forEach.call(select.options, function (opt) {
          var label = opt.value ? opt.getAttribute('data-label') : text('all');
          opt.textContent = optionText(label, countWith(v, facet, opt.value));
        });
      });
    }

    function matches(card, v) {
      return facets.every(function (f) {
        var want = v[f.param];
        if (!want) return true;
        var have = card.getAttribute('data-' + f.attr) || '';
        return f.multi ? have.split(/\s+/).indexOf(want) !== -1 : have === want;
      });
    }

    // The filters as the whole list's URL: /cases/?sektor=kommune&niveau=…
    function listUrl(v) {
      var params = new URLSearchParams();
      facets.forEach(function (f) { if (v[f.param]) params.set(f.param, v[f.param]); });
      var qs = params.toString();
      return listPath + (qs ? '?' + qs : '');
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
      updateCounts();
      // The intro and the status say the same: shown of all the handbook's cases.
      status.textContent = fill(text('status'), shown, total);
      if (count) count.textContent = fill(count.getAttribute('data-text'), shown, total);
      if (updateUrl && window.history && history.replaceState) {
        history.replaceState(history.state, '', listUrl(v) + location.hash);
        if (!onFullList) becomeList();
      }
    }

    // Once the reader has changed the filters, a pre-filtered page shows what
    // the whole list with those filters shows (its URL now says so): it takes
    // the list's title, and its own filter link no longer marks the page.
    var becameList = false;
    function becomeList() {
      if (becameList) return;
      becameList = true;
      var h1 = document.querySelector('main h1');
      var listTitle = text('list-title');
      if (h1 && listTitle) {
        var old = h1.textContent;
        h1.textContent = listTitle;
        if (document.title.indexOf(old) === 0) document.title = listTitle + document.title.slice(old.length);
        var crumb = document.querySelector('.breadcrumbs [aria-current="page"]');
        if (crumb) {
          crumb.textContent = listTitle;
          // The trail ended "… › Cases › Cases: Region"; the list is now the
          // page itself, so its own link before it goes.
          var item = crumb.closest('li');
          var before = item && item.previousElementSibling;
          var link = before && before.querySelector('a');
          if (link && link.pathname === listPath) before.remove();
        }
      }
      nav.querySelectorAll('a[aria-current]').forEach(function (a) { a.removeAttribute('aria-current'); });
    }

    // The whole list's cards, fetched once (a pre-filtered page only).
    var loading = null;
    function loadAll() {
      if (complete) return Promise.resolve();
      if (!loading) {
        loading = fetch(listPath, { credentials: 'same-origin' })
          .then(function (res) {
            if (!res.ok) throw new Error(res.status);
            return res.text();
          })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var all = doc.querySelectorAll('ul.cards > li.case-card');
            if (!all.length) throw new Error('no cases');
            var fresh = Array.prototype.map.call(all, function (li) { return document.importNode(li, true); });
            var fragment = document.createDocumentFragment();
            fresh.forEach(function (li) { fragment.appendChild(li); });
            list.replaceChildren(fragment);
            cards = fresh;
            complete = true;
            updateCounts();
          });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    // The cards on this page suffice while its own filter value stays chosen.
    function needsAll() {
      return !complete && !(pageFacet && selects[pageFacet.param].value === pageFacet.key);
    }

    function changed() {
      if (!needsAll()) { apply(true); return; }
      loadAll().then(function () { apply(true); }, function () {
        // No whole list to be had (offline, a file:// copy): go to it instead.
        location.href = listUrl(values());
      });
    }

    if (onFullList) {
      // Filters from the URL (/cases/?sektor=kommune&tema=...).
      var params = new URLSearchParams(location.search);
      facets.forEach(function (f) {
        var s = selects[f.param];
        var want = params.get(f.param);
        if (!want) return;
        for (var i = 0; i < s.options.length; i++) {
          if (s.options[i].value === want) { s.selectedIndex = i; break; }
        }
      });
    } else {
      // Fetch the whole list as soon as the reader reaches the form, so the
      // first change is as quick as on /cases/.
      form.addEventListener('focusin', function () { loadAll().catch(function () {}); }, { once: true });
    }
    Object.keys(selects).forEach(function (k) {
      selects[k].addEventListener('change', changed);
    });
    reset.addEventListener('click', function () {
      Object.keys(selects).forEach(function (k) { selects[k].selectedIndex = 0; });
      changed();
    });
    // Filtering is instant; Enter in the form must not reload the page.
    form.addEventListener('submit', function (e) { e.preventDefault(); changed(); });

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
