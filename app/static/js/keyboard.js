/* The on-screen keyboard of a counter (simple-keyboard), in the visitor's script, with a key
   that switches to Latin letters. Layouts come from simple-keyboard-layouts or, for languages it
   lacks, from app/static/keyboards/<name>.json (see app/keyboards.py). Ge'ez (Tigrinya) is a
   syllabary: a consonant key opens the row of its forms, and a form is what gets typed. */
"use strict";

(function () {
  const LATIN = "english";
  const UNUSED_KEYS = new Set(["{tab}", ".com"]);
  let keyboard = null;
  let panel = null;
  let field = null;
  let nativeLayout = null;
  let latinLayout = null;
  let showingLatin = false;
  let syllabary = false;

  function libraryLayout(name) {
    return new window.SimpleKeyboardLayouts.default().get(name);
  }

  /* Drop keys a search field does not need, and add the script switch to the last row. */
  function prepare(layout, switchKey) {
    const rows = {};
    for (const [name, lines] of Object.entries(layout.layout)) {
      rows[name] = lines
        .map((line) => line.split(" ").filter((key) => key && !UNUSED_KEYS.has(key)).join(" "))
        .filter((line) => line.length > 0);
      if (switchKey) rows[name][rows[name].length - 1] = `${switchKey} ${rows[name][rows[name].length - 1]}`;
    }
    return rows;
  }

  function labels() {
    const d = panel.dataset;
    return {
      "{bksp}": "⌫",
      "{enter}": "⏎",
      "{shift}": "⇧",
      "{lock}": "⇪",
      "{space}": " ",
      "{latin}": "ABC",
      "{native}": d.nativeLabel,
      "{back}": "↩",
    };
  }

  function speakableLabels() {
    const d = panel.dataset;
    return {
      "{bksp}": d.labelBksp,
      "{enter}": d.labelEnter,
      "{shift}": d.labelShift,
      "{lock}": d.labelShift,
      "{space}": d.labelSpace,
      "{latin}": d.labelLatin,
      "{native}": d.nativeLabel,
      "{back}": d.labelBack,
    };
  }

  /* simple-keyboard draws keys as divs: give them what a touch screen reader needs. */
  function makeKeysAccessible() {
    const names = speakableLabels();
    panel.querySelectorAll(".hg-button").forEach((key) => {
      const value = key.getAttribute("data-skbtn");
      key.setAttribute("role", "button");
      key.setAttribute("aria-label", names[value] || value);
    });
  }

  function type(text) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    const caret = start + text.length;
    field.setSelectionRange(caret, caret);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function deleteBefore() {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    if (start === end && start === 0) return;
    // Whole characters: an Ethiopic syllable or an emoji is one code point but may be two units.
    const before = [...field.value.slice(0, start)];
    if (start === end) before.pop();
    field.value = before.join("") + field.value.slice(end);
    field.setSelectionRange(before.join("").length, before.join("").length);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  /* The forms of an Ethiopic consonant: ä u i a e ə o, then wa where it exists. */
  function ethiopicForms(consonant) {
    const base = consonant.codePointAt(0);
    const forms = [];
    for (let order = 0; order < 8; order++) {
      const form = String.fromCodePoint(base + order);
      if (/\p{L}/u.test(form)) forms.push(form);
    }
    return forms;
  }
  function isEthiopicConsonant(key) {
    const code = key.codePointAt(0);
    return [...key].length === 1 && code >= 0x1200 && code <= 0x137f && (code - 0x1200) % 8 === 0 && /\p{L}/u.test(key);
  }

  function currentLayout() {
    return showingLatin ? latinLayout : nativeLayout;
  }

  function show(layoutName, extraRows) {
    const layout = Object.assign({}, currentLayout(), extraRows || {});
    // The keyboard keeps its height whatever the layout (the two rows of an Ethiopic consonant's
    // forms stretch to fill it): a finger lifted after a key press must still be on the keyboard.
    const keys = panel.querySelector(".simple-keyboard");
    keys.style.minBlockSize = `${keys.offsetHeight}px`;
    keyboard.setOptions({ layout, layoutName });
    makeKeysAccessible();
  }

  function press(key) {
    const layoutName = keyboard.options.layoutName;
    if (key === "{bksp}") deleteBefore();
    else if (key === "{space}") type(" ");
    else if (key === "{enter}") {
      // A comment box takes a new line; the search field searches.
      if (field.tagName === "TEXTAREA") type("\n");
      else {
        panel.hidden = true;
        field.form.requestSubmit();
      }
    } else if (key === "{shift}" || key === "{lock}") {
      show(layoutName === "shift" ? "default" : "shift");
    } else if (key === "{latin}" || key === "{native}") {
      showingLatin = key === "{latin}";
      show("default");
    } else if (key === "{back}") show("default");
    else if (syllabary && !showingLatin && layoutName === "default" && isEthiopicConsonant(key)) {
      show("forms", { forms: [ethiopicForms(key).join(" ") + " {bksp}", "{back}"] });
    } else {
      type(key);
      if (layoutName === "forms") show("default");
    }
  }

  let ready = null;
  function open(event) {
    if (event && event.currentTarget instanceof HTMLElement) field = event.currentTarget;
    panel.hidden = false;
    document.body.classList.add("keyboard-open");
    // The keyboard takes the bottom of the screen: keep the field being typed in above it.
    requestAnimationFrame(() => field.scrollIntoView({ block: "nearest" }));
    // Focus and touch both open it: the keyboard is made once, however quickly they come.
    ready = ready || create();
    return ready;
  }

  async function create() {
    const data = panel.dataset;
    const own = data.layoutSource === "own";
    const native = own ? await (await fetch(data.layoutUrl)).json() : libraryLayout(data.layoutName);
    const latinOnly = data.latin === "true";
    syllabary = Boolean(native.syllabary);
    nativeLayout = prepare(native, latinOnly ? null : "{latin}");
    latinLayout = prepare(libraryLayout(LATIN), latinOnly ? null : "{native}");
    keyboard = new window.SimpleKeyboard.default(panel.querySelector(".simple-keyboard"), {
      layout: nativeLayout,
      layoutName: "default",
      display: labels(),
      mergeDisplay: true,
      physicalKeyboardHighlight: false,
      preventMouseDownDefault: true, // the search field keeps its focus and caret
      onKeyPress: press,
      onRender: makeKeysAccessible,
    });
    makeKeysAccessible();
  }

  /* simple-keyboard acts on pointerdown; the browser's click comes after the finger is lifted,
     where the finger is then. A key press may change the keys under it (a consonant shows its
     forms), so that click must never reach the page: it is dropped unless it lands on the
     keyboard itself. Only the click that follows a touch on the keyboard, nothing else. */
  let touchedKeyboard = false;
  function rememberTouch(event) {
    touchedKeyboard = Boolean(panel && !panel.hidden && panel.contains(event.target));
  }
  function dropClickAfterKeyPress(event) {
    if (!touchedKeyboard) return;
    touchedKeyboard = false;
    if (!panel.contains(event.target)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    panel = document.getElementById("on-screen-keyboard");
    // The search field and the comment boxes ("What was missing?", "Tell us what you were looking for").
    const fields = document.querySelectorAll("#search-words, .feedback-form textarea");
    field = fields[0];
    if (!panel || !field || !window.SimpleKeyboard) return;
    for (const each of fields) {
      each.setAttribute("inputmode", "none"); // the counter's own keyboard, never the system's
      each.addEventListener("focus", open);
      each.addEventListener("pointerdown", open);
    }
    window.addEventListener("pointerdown", rememberTouch, true);
    window.addEventListener("click", dropClickAfterKeyPress, true);
    panel.querySelector('[data-action="hide-keyboard"]').addEventListener("click", () => {
      panel.hidden = true;
      document.body.classList.remove("keyboard-open");
    });
  });
})();
