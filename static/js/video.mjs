// Progressive enhancement of a video block (templates/blocks/video.html), loaded
// only by pages that have a video to play: without it the page links to the video.
// The player (an iframe on the one frame origin the Content-Security-Policy
// allows) is created only when the visitor presses the button, so the video
// platform receives no request before that choice. Focus moves into the player
// so keyboard and screen-reader users land where the video is.
for (const player of document.querySelectorAll("[data-video-player]")) {
  const button = player.querySelector("button");
  if (!button) continue;
  button.hidden = false;
  button.addEventListener(
    "click",
    () => {
      const frame = document.createElement("iframe");
      frame.src = player.dataset.src;
      frame.title = player.dataset.title;
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = "microsite-video__frame";
      button.replaceWith(frame);
      frame.focus();
    },
    { once: true },
  );
}
