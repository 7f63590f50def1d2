// certlife console: copy buttons for task steps. Only an enhancement: without JavaScript the buttons stay hidden and
// the steps are plain, selectable text. Run on the first load and after each page htmx swaps in.
function certlifeEnhance() {
  document.querySelectorAll("button[data-copy][hidden]").forEach(button => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(() => { button.textContent = "Copied"; });
    });
  });
}
document.addEventListener("DOMContentLoaded", certlifeEnhance);
document.addEventListener("htmx:afterSettle", certlifeEnhance);
