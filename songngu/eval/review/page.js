"use strict";
(function () {
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var pairs = Array.prototype.slice.call(document.querySelectorAll("article.pair"));
  var compare = data.mode === "compare";
  var sealed = compare ? unseal(data.sealed) : null;  // which run is which: {runs, names, left}
  var store = load();
  var current = -1;
  var keyToVerdict = invert(data.verdicts);
  var keyToLabel = invert(data.labels);
  var toolbar = document.querySelector(".toolbar");
  var helpOpener = null;

  function invert(map) {
    var out = {};
    Object.keys(map).forEach(function (name) { out[map[name]] = name; });
    return out;
  }

  function unseal(text) {
    var bytes = Uint8Array.from(window.atob(text), function (character) { return character.charCodeAt(0); });
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(data.storageKey) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {};
    }
  }

  function save() {
    try {
      window.localStorage.setItem(data.storageKey, JSON.stringify(store));
    } catch (error) {
      document.getElementById("judged").title = "could not save in this browser: download the verdicts";
    }
  }

  function entry(index) {
    var id = data.pairs[index].id;
    if (!store[id]) store[id] = { verdict: null, labels: [] };
    return store[id];
  }

  function show(index) {
    var article = pairs[index];
    var saved = store[data.pairs[index].id] || { verdict: null, labels: [] };
    article.querySelectorAll("button[data-verdict]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.verdict === saved.verdict));
    });
    article.querySelectorAll("button[data-label]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(saved.labels.indexOf(button.dataset.label) >= 0));
    });
    article.classList.toggle("judged", Boolean(saved.verdict));
  }

  function count() {
    var judged = 0;
    data.pairs.forEach(function (pair) { if (store[pair.id] && store[pair.id].verdict) judged += 1; });
    document.getElementById("judged").textContent = String(judged);
    document.getElementById("total").textContent = String(data.pairs.length);
    return judged;
  }

  function select(index) {
    if (index === current) return;
    if (current >= 0) pairs[current].classList.remove("current");
    current = index;
    pairs[current].classList.add("current");
    try {  // the pair worked on last, current again after a reload
      window.localStorage.setItem(data.storageKey + ":at", JSON.stringify(data.pairs[current].id));
    } catch (error) { /* the verdicts' own save reports a storage that refuses */ }
  }

  function pairOf(element) {
    var article = element && element.closest ? element.closest("article.pair") : null;
    return article ? Number(article.dataset.index) : -1;
  }

  // how many pixels of a pair are on the screen, below the sticky toolbar
  function onScreen(index) {
    var rect = pairs[index].getBoundingClientRect();
    return Math.max(0, Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, toolbar.getBoundingClientRect().bottom));
  }

  // the pair the keys act on: the one holding the focus, else the current one, else the one most on the
  // screen; never a pair off the screen (-1 when no pair is on it)
  function target() {
    var focused = pairOf(document.activeElement);
    if (focused >= 0 && onScreen(focused) > 0) return focused;
    if (current >= 0 && onScreen(current) > 0) return current;
    var best = -1, most = 0;
    pairs.forEach(function (article, index) {
      var seen = onScreen(index);
      if (seen > most) { most = seen; best = index; }
    });
    return best;
  }

  // a key that judges: on the target pair (focused first); with no pair on the screen it only brings
  // the pair worked on last (or the first) into view, judging nothing unseen
  function judge(apply) {
    var index = target();
    if (index < 0) { go(Math.max(current, 0)); return; }
    if (index !== pairOf(document.activeElement)) go(index);
    apply(index);
  }

  function step(by) {
    var index = target();
    if (index < 0) go(Math.max(current, 0));
    else if (index === current || index === pairOf(document.activeElement)) go(index + by);
    else go(index);
  }

  function go(index) {
    if (!pairs.length) return;
    select(Math.max(0, Math.min(pairs.length - 1, index)));
    pairs[current].focus({ preventScroll: true });
    pairs[current].scrollIntoView({ block: "nearest" });
  }

  function setVerdict(index, verdict) {
    var saved = entry(index);
    saved.verdict = saved.verdict === verdict ? null : verdict;
    save();
    show(index);
    count();
  }

  function toggleLabel(index, label) {
    var saved = entry(index);
    var at = saved.labels.indexOf(label);
    if (at >= 0) saved.labels.splice(at, 1); else saved.labels.push(label);
    save();
    show(index);
  }

  function lines() {
    var out = [];
    data.pairs.forEach(function (pair, index) {
      var saved = store[pair.id];
      if (!saved || !saved.verdict) return;
      var line;
      if (compare) {
        var left = sealed.left[index];
        var winner = saved.verdict === "same" ? "same" : (saved.verdict === "left" ? left : (left === "a" ? "b" : "a"));
        line = { id: pair.id, verdict: winner, shown: saved.verdict, left: left, comparison: true,
                 run_a: sealed.runs.a, run_b: sealed.runs.b };
      } else {
        line = { id: pair.id, verdict: saved.verdict, labels: saved.labels.slice().sort(), stratum: pair.stratum,
                 weight: pair.weight, stratum_rows: pair.stratum_rows, outcome: pair.outcome,
                 drop_codes: pair.drop_codes, signals: pair.signals, run: data.run.key, run_folder: data.run.folder };
      }
      out.push(JSON.stringify(line));
    });
    return out.length ? out.join("\n") + "\n" : "";
  }

  function download() {
    var blob = new Blob([lines()], { type: "application/x-ndjson" });
    var link = document.createElement("a");
    var key = compare ? sealed.runs.a.key + "-vs-" + sealed.runs.b.key : data.run.key;
    link.href = URL.createObjectURL(blob);
    link.download = (compare ? "comparison-" : "judgments-") + key + ".jsonl";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function help() {
    var dialog = document.getElementById("help");
    if (dialog.open) { dialog.close(); return; }
    helpOpener = document.activeElement;
    dialog.showModal();
  }

  // closing the help (Esc, its button, ?) gives the focus back to where it was
  document.getElementById("help").addEventListener("close", function () {
    var back = helpOpener;
    helpOpener = null;
    if (back && back !== document.body && document.contains(back) && document.activeElement !== back) back.focus({ preventScroll: true });
  });

  // the sticky toolbar's height, so that a pair scrolled into view is never under it; where the toolbar
  // would take more than a fifth of the screen (a phone, large text) it scrolls with the page instead
  function measureToolbar() {
    var tall = toolbar.offsetHeight > window.innerHeight / 5;
    toolbar.classList.toggle("unstuck", tall);
    document.documentElement.style.setProperty("--toolbar-height", (tall ? 0 : toolbar.offsetHeight) + "px");
  }
  measureToolbar();
  if (window.ResizeObserver) new window.ResizeObserver(measureToolbar).observe(toolbar);
  window.addEventListener("resize", measureToolbar);

  function reveal() {
    var names = document.getElementById("run-names");
    if (!names) return;
    if (!names.childElementCount) {
      ["a", "b"].forEach(function (run) {
        var term = document.createElement("dt");
        var name = document.createElement("dd");
        term.textContent = "Run " + run.toUpperCase();
        name.textContent = sealed.names[run];
        names.appendChild(term);
        names.appendChild(name);
      });
    }
    names.hidden = false;
    var wins = { a: 0, b: 0, same: 0 };
    pairs.forEach(function (article, index) {
      var pair = data.pairs[index];
      var left = sealed.left[index];
      article.querySelector('[data-side="left"]').textContent = "(run " + left.toUpperCase() + ")";
      article.querySelector('[data-side="right"]').textContent = "(run " + (left === "a" ? "B" : "A") + ")";
      var saved = store[pair.id];
      if (saved && saved.verdict) {
        var winner = saved.verdict === "same" ? "same" : (saved.verdict === "left" ? left : (left === "a" ? "b" : "a"));
        wins[winner] += 1;
      }
    });
    var tally = document.getElementById("tally");
    tally.hidden = false;
    tally.textContent = "A better: " + wins.a + " · B better: " + wins.b + " · same: " + wins.same;
  }

  pairs.forEach(function (article, index) { show(index); });
  count();
  (function restore() {
    var at;
    try { at = JSON.parse(window.localStorage.getItem(data.storageKey + ":at")); } catch (error) { return; }
    for (var index = 0; index < data.pairs.length; index += 1) if (data.pairs[index].id === at) { select(index); return; }
  })();

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    var article = event.target.closest("article.pair");
    if (article) {
      var index = Number(article.dataset.index);
      select(index);
      if (button && button.dataset.verdict) setVerdict(index, button.dataset.verdict);
      else if (button && button.dataset.label) toggleLabel(index, button.dataset.label);
    }
    if (!button) return;
    if (button.id === "download") download();
    else if (button.id === "help-button") help();
    else if (button.id === "reveal") reveal();
  });

  // the pair that holds the focus (Tab, a click) is the one the keys judge
  document.addEventListener("focusin", function (event) {
    var article = event.target.closest ? event.target.closest("article.pair") : null;
    if (article) select(Number(article.dataset.index));
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    var key = event.key;
    if (document.getElementById("help").open) { if (key === "?") { event.preventDefault(); help(); } return; }
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); step(1); }
    else if (key === "k" || key === "ArrowUp") { event.preventDefault(); step(-1); }
    else if (key === "?") { event.preventDefault(); help(); }
    else if (key === "s") { event.preventDefault(); download(); }
    else if (keyToVerdict[key] && pairs.length) { event.preventDefault(); judge(function (index) { setVerdict(index, keyToVerdict[key]); }); }
    else if (keyToLabel[key] && pairs.length) { event.preventDefault(); judge(function (index) { toggleLabel(index, keyToLabel[key]); }); }
  });

  window.songnguReview = { lines: lines, count: count };
})();
