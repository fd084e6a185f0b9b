/* Counter behaviour (loaded only on counters, see app/counter.py): lock-down, outside links as
   QR codes, "my pages", the attract screen, and forgetting the visitor after a warning.

   Every navigation replaces the current history entry, so the browser's history never holds
   more than the page on screen: Back leads nowhere, and after a reset history.length is 1.
   The on-screen Back button walks a trail kept in sessionStorage, which the reset clears. */
"use strict";

(function () {
  const body = document.body;
  const counterId = body.dataset.counter;
  if (!counterId) return;
  const idleSeconds = Number(body.dataset.idleSeconds || 90);
  const warningSeconds = Number(body.dataset.warningSeconds || 15);
  const TRAIL = "kiosk.trail";
  const MY_PAGES = "kiosk.myPages";

  /* ---- navigation without history ---- */
  function trail() {
    try {
      return JSON.parse(sessionStorage.getItem(TRAIL) || "[]");
    } catch (error) {
      return [];
    }
  }
  function go(url, remember = true) {
    if (remember) {
      const steps = trail();
      steps.push(location.pathname + location.search);
      sessionStorage.setItem(TRAIL, JSON.stringify(steps.slice(-30)));
    }
    location.replace(url);
  }
  function goBack() {
    const steps = trail();
    const previous = steps.pop();
    sessionStorage.setItem(TRAIL, JSON.stringify(steps));
    if (previous) location.replace(previous);
  }

  /* ---- dialogs ---- */
  function openDialog(id) {
    const dialog = document.getElementById(id);
    if (dialog && !dialog.open) dialog.showModal();
    return dialog;
  }
  function closeDialogs() {
    document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
  }

  function showOutsideAddress(address) {
    const dialog = document.getElementById("outside-dialog");
    dialog.querySelector("[data-outside-qr]").src = `/qr.svg?url=${encodeURIComponent(address)}`;
    dialog.querySelector("[data-outside-address]").textContent = address;
    openDialog("outside-dialog");
  }

  /* ---- my pages: article keys in localStorage, cleared at reset ---- */
  function myPages() {
    try {
      return JSON.parse(localStorage.getItem(MY_PAGES) || "[]");
    } catch (error) {
      return [];
    }
  }
  function showMyPages() {
    const pages = myPages();
    document.querySelectorAll("[data-my-pages-count]").forEach((badge) => {
      badge.textContent = String(pages.length);
    });
    document.querySelectorAll("[data-my-pages]").forEach((link) => {
      const url = new URL(link.href);
      url.searchParams.set("pages", pages.join(","));
      link.href = url.pathname + url.search;
    });
    document.querySelectorAll('[data-action="keep-page"]').forEach((button) => {
      button.setAttribute("aria-pressed", String(pages.includes(button.dataset.pageKey)));
    });
  }
  function togglePage(key) {
    const pages = myPages();
    const kept = pages.includes(key) ? pages.filter((k) => k !== key) : pages.concat([key]).slice(-12);
    localStorage.setItem(MY_PAGES, JSON.stringify(kept));
    showMyPages();
  }

  /* ---- forgetting the visitor ---- */
  async function forgetVisitor() {
    document.querySelectorAll("audio").forEach((audio) => {
      audio.pause();
      audio.removeAttribute("src");
      audio.load();
    });
    closeDialogs();
    document.querySelectorAll("input, textarea").forEach((field) => {
      field.value = "";
    });
    localStorage.clear();
    sessionStorage.clear();
    // Every cookie a script can see belongs to the visitor: the counter marker is HttpOnly.
    for (const cookie of document.cookie.split(";")) {
      const name = cookie.split("=")[0].trim();
      if (!name) continue;
      for (const path of ["/", location.pathname]) {
        document.cookie = `${name}=; Max-Age=0; Path=${path}`;
      }
    }
    try {
      // The server answers with Clear-Site-Data: storage and cached pages of this origin.
      await fetch("/kiosk/reset", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "X-Reset-Token": document.body.dataset.resetToken || "" },
      });
    } finally {
      location.replace(`/kiosk/${encodeURIComponent(counterId)}`);
    }
  }

  let lastActivity = Date.now();
  let warningSince = null;
  function noteActivity() {
    lastActivity = Date.now();
  }
  function checkIdle() {
    // Someone listening to an article is still there.
    if ([...document.querySelectorAll("audio")].some((audio) => !audio.paused)) noteActivity();
    const now = Date.now();
    const dialog = document.getElementById("idle-dialog");
    if (warningSince === null) {
      if (now - lastActivity >= idleSeconds * 1000 && !document.querySelector("[data-attract]")) {
        warningSince = now;
        closeDialogs();
        openDialog("idle-dialog");
      }
    }
    if (warningSince !== null) {
      const left = Math.max(0, warningSeconds - Math.floor((now - warningSince) / 1000));
      dialog.querySelector("[data-countdown]").textContent = String(left);
      if (left === 0) {
        warningSince = Infinity; // once
        forgetVisitor();
      }
    }
  }
  function stillHere() {
    warningSince = null;
    noteActivity();
    document.getElementById("idle-dialog").close();
  }

  /* ---- lock-down: no selection menu, no drag, no zoom, nothing outside the kiosk ---- */
  for (const type of ["contextmenu", "dragstart", "selectstart", "gesturestart"]) {
    document.addEventListener(type, (event) => {
      if (!(type === "selectstart" && event.target.closest && event.target.closest("input"))) event.preventDefault();
    });
  }
  document.addEventListener("wheel", (event) => event.ctrlKey && event.preventDefault(), { passive: false });
  document.addEventListener(
    "touchmove",
    (event) => event.touches && event.touches.length > 1 && event.preventDefault(),
    { passive: false }
  );
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && ["+", "-", "=", "0", "p", "s", "o"].includes(event.key)) event.preventDefault();
  });
  // The Escape key must not close the idle warning without an answer.
  document.addEventListener("cancel", (event) => event.target.id === "idle-dialog" && event.preventDefault(), true);

  for (const type of ["pointerdown", "keydown", "input", "wheel", "touchstart"]) {
    document.addEventListener(type, noteActivity, { passive: true, capture: true });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button) {
      const action = button.dataset.action;
      if (action === "back") goBack();
      else if (action === "staff") openDialog("staff-dialog");
      else if (action === "close-dialog") button.closest("dialog").close();
      else if (action === "still-here") stillHere();
      else if (action === "keep-page") togglePage(button.dataset.pageKey);
      else if (action === "clear-pages") {
        localStorage.removeItem(MY_PAGES);
        showMyPages();
        go(document.querySelector("[data-my-pages]").href, false);
      }
      return;
    }
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented) return;
    event.preventDefault();
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) {
      if (/^https?:$/.test(url.protocol)) showOutsideAddress(url.href);
      return;
    }
    if (url.pathname === location.pathname && url.search === location.search && url.hash) {
      const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (target) {
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      }
      return;
    }
    go(url.pathname + url.search, !link.hasAttribute("data-attract"));
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if ((form.method || "get").toLowerCase() !== "get") return;
    event.preventDefault();
    const url = new URL(form.action, location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    go(url.pathname + url.search);
  });

  document.addEventListener("DOMContentLoaded", () => {
    const back = document.querySelector('[data-action="back"]');
    if (back) back.hidden = trail().length === 0;
    const main = document.getElementById("main");
    if (main) main.tabIndex = -1;
    showMyPages();
    setInterval(checkIdle, 1000);
    heartbeat();
    setInterval(heartbeat, 60 * 1000);
  });

  /* ---- heartbeat: staff see which counters are online, and which content they show ---- */
  function heartbeat() {
    fetch("/api/heartbeat", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        counter: counterId,
        software_version: body.dataset.version || "",
        content_revision: body.dataset.contentRevision || "",
      }),
    }).catch(() => {});  // offline now: the staff page will say so, nothing to tell the visitor
  }
})();
