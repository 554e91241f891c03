// Information pages: a video loads from YouTube only when the reader presses "Play video".
// Without JavaScript the button stays hidden and the "Watch on YouTube" link still works.
for (const button of document.querySelectorAll(".app-video__play")) {
  button.hidden = false;
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.src = button.dataset.embed;
    frame.title = button.dataset.title;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.className = "app-video__frame";
    const video = button.closest(".app-video");
    video.classList.add("app-video--playing");
    button.replaceWith(frame);
    frame.focus();
  });
}
