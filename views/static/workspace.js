// Small enhancements of the workspace pages; every page works without them.

// Wide tables scroll inside their own box, which keyboard users can focus and
// scroll, instead of squeezing their columns on a phone. Tables already in
// such a box (written in the template) are left as they are.
document.querySelectorAll('table.data-table').forEach((table) => {
  if (table.closest('.table-scroll')) return;
  const box = document.createElement('div');
  box.className = 'table-scroll';
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  const heading = table.closest('section')?.querySelector('h2')?.textContent;
  box.setAttribute('aria-label', (table.caption?.textContent || heading || 'Table').trim());
  table.before(box);
  box.append(table);
});

// Copy buttons for the read-only links. Without JavaScript the buttons stay
// hidden and the links can be selected and copied by hand.
document.querySelectorAll('[data-copy-source]').forEach((input) => {
  input.addEventListener('focus', () => input.select());
});
document.querySelectorAll('[data-copy-button]').forEach((button) => {
  const input = document.getElementById(button.dataset.copyButton);
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
});
