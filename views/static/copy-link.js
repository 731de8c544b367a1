// Copy buttons for the read-only links of the workspace. Without JavaScript the
// buttons stay hidden and the links can be selected and copied by hand.
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
