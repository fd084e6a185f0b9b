/* Tools on every page (counters and home browsers): text size, high contrast, print,
   read aloud, suggestions under the search field as the visitor types, and headings said in
   every language in turn.
   Preferences live in sessionStorage only: no cookie, and a counter's reset clears them. */
"use strict";

(function () {
  const TEXT_SIZES = ["", "text-large", "text-larger"];
  const root = document.documentElement;

  function applyDisplayPreferences() {
    const size = Number(sessionStorage.getItem("kiosk.textSize") || 0) % TEXT_SIZES.length;
    root.classList.remove("text-large", "text-larger");
    if (TEXT_SIZES[size]) root.classList.add(TEXT_SIZES[size]);
    const contrast = sessionStorage.getItem("kiosk.contrast") === "1";
    root.classList.toggle("high-contrast", contrast);
    document.querySelectorAll('[data-action="text-size"]').forEach((b) => b.setAttribute("aria-pressed", String(size > 0)));
    document.querySelectorAll('[data-action="contrast"]').forEach((b) => b.setAttribute("aria-pressed", String(contrast)));
  }
  applyDisplayPreferences();

  function setUpReadAloud(box) {
    const audio = box.querySelector("audio");
    // The Listen button above the article plays the same audio as the controls below it.
    const controls = [box, ...document.querySelectorAll(`[data-read-aloud-for="${box.id}"]`)];
    const showPlaying = (playing) => {
      for (const group of controls) {
        group.querySelector('[data-action="play"]').hidden = playing;
        group.querySelector('[data-action="pause"]').hidden = !playing;
      }
    };
    for (const group of controls) {
      group.querySelector('[data-action="play"]').addEventListener("click", () => audio.play());
      group.querySelector('[data-action="pause"]').addEventListener("click", () => audio.pause());
    }
    box.querySelector('[data-action="replay"]').addEventListener("click", () => {
      audio.currentTime = 0;
      audio.play();
    });
    box.querySelectorAll("[data-speed]").forEach((button) => {
      button.addEventListener("click", () => {
        audio.playbackRate = Number(button.dataset.speed);
        audio.defaultPlaybackRate = audio.playbackRate;
        box.querySelectorAll("[data-speed]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
      });
    });
    audio.addEventListener("play", () => showPlaying(true));
    audio.addEventListener("pause", () => showPlaying(false));
    audio.addEventListener("ended", () => showPlaying(false));
  }

  function setUpSuggestions(input) {
    const lang = document.body.dataset.lang;
    if (!lang) return;
    const list = document.createElement("ul");
    list.className = "suggestions";
    list.id = "search-suggestions";
    list.setAttribute("role", "list");
    list.hidden = true;
    input.form.after(list);
    input.setAttribute("aria-controls", list.id);
    let asked = 0;
    input.addEventListener("input", async () => {
      const text = input.value.trim();
      const ticket = ++asked;
      if (!text) {
        list.hidden = true;
        list.replaceChildren();
        return;
      }
      let answer;
      try {
        const response = await fetch(`/api/suggest?q=${encodeURIComponent(text)}&lang=${encodeURIComponent(lang)}`);
        answer = await response.json();
      } catch (error) {
        return; // suggestions are a help, never a reason to fail
      }
      if (ticket !== asked) return; // an older answer arriving after a newer one
      list.replaceChildren(
        ...(answer.suggestions || []).map((suggestion) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = suggestion.url;
          link.className = "suggestion";
          link.lang = suggestion.lang;
          link.dir = "auto";
          link.textContent = suggestion.text;
          item.append(link);
          return item;
        })
      );
      list.hidden = list.children.length === 0;
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    if (button.dataset.action === "text-size") {
      sessionStorage.setItem("kiosk.textSize", String((Number(sessionStorage.getItem("kiosk.textSize") || 0) + 1) % TEXT_SIZES.length));
      applyDisplayPreferences();
    } else if (button.dataset.action === "contrast") {
      sessionStorage.setItem("kiosk.contrast", sessionStorage.getItem("kiosk.contrast") === "1" ? "0" : "1");
      applyDisplayPreferences();
    } else if (button.dataset.action === "print") {
      window.print();
    }
  });

  /* Words said in every language in turn (the language choice's heading, a counter's attract
     screen), every data-cycle-languages milliseconds; still when motion is unwelcome. */
  function cycleLanguages(group) {
    const versions = [...group.children];
    if (versions.length < 2 || matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    let shown = 0;
    setInterval(() => {
      versions[shown].hidden = true;
      shown = (shown + 1) % versions.length;
      versions[shown].hidden = false;
    }, Number(group.dataset.cycleLanguages) || 3000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyDisplayPreferences();
    document.querySelectorAll("[data-cycle-languages]").forEach(cycleLanguages);
    document.querySelectorAll(".read-aloud").forEach(setUpReadAloud);
    const search = document.getElementById("search-words");
    if (search) setUpSuggestions(search);
  });

  // A result opened from the search page is counted (anonymously, like a page view): searches
  // whose results nobody opens tell staff what the content is missing.
  document.querySelectorAll("[data-search-results]").forEach((list) => {
    list.addEventListener("click", (event) => {
      if (!event.target.closest("a[href]") || !navigator.sendBeacon) return;
      const words = new URLSearchParams(window.location.search).get("q") || "";
      const params = new URLSearchParams({ lang: list.dataset.searchLang, q: words });
      navigator.sendBeacon(`/api/search/opened?${params}`);
    });
  });
})();
