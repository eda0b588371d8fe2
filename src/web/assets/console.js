// The console's only script: it improves pages that already work without it. Loaded with `defer` from the
// desk's own origin; every behaviour hangs off a data- attribute so pages opt in explicitly.
(() => {
  // Copy buttons: <button data-copy="#element-id">.
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const source = document.querySelector(button.dataset.copy);
      if (!source) return;
      await navigator.clipboard.writeText(source.textContent.trim());
      const status = document.getElementById(button.dataset.copyStatus ?? '');
      if (status) status.textContent = button.dataset.copied ?? '';
    });
  }

  // Forms that save themselves: <form data-autosave="/path"> posts its fields there a moment after a change,
  // with the same CSRF token as the form, and announces the result in its [data-autosave-status] region.
  for (const form of document.querySelectorAll('form[data-autosave]')) {
    const status = form.querySelector('[data-autosave-status]');
    let timer;
    const save = async () => {
      const body = new URLSearchParams(new FormData(form));
      body.set('_autosave', '1');
      try {
        const response = await fetch(form.dataset.autosave, {
          method: 'POST',
          body,
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
        const result = await response.json().catch(() => ({}));
        if (status) status.textContent = result.message ?? '';
        if (result.location && form.dataset.autosave !== result.autosave && result.autosave) {
          form.dataset.autosave = result.autosave;
          form.action = result.action ?? form.action;
          history.replaceState(null, '', result.location);
        }
        // Values the server moved on, e.g. the version a save reached (the next save's If-Match).
        for (const [name, value] of Object.entries(result.fields ?? {})) {
          const field = form.elements.namedItem(name);
          if (field && 'value' in field) field.value = value;
        }
        if (result.match) {
          for (const [id, html] of Object.entries(result.match)) {
            const target = document.getElementById(id);
            if (target) target.innerHTML = html;
          }
        }
      } catch {
        if (status) status.textContent = form.dataset.autosaveFailed ?? '';
      }
    };
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
  }
})();
