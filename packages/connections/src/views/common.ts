// Pieces shared by several views.
import type { Connection, Logo } from "../api.js";
import { h } from "../dom.js";

/** The platform's initial, covered by its logo once the logo has loaded. Decorative: the
 * platform name is always written next to it. */
export function logo(connection: Connection, image: Logo | undefined): HTMLElement {
  const img = image ? h("img", { src: image.src, alt: "", loading: "lazy", decoding: "async" }) : undefined;
  img?.addEventListener("error", () => img.remove());
  return h("span", { class: "logo", "aria-hidden": "true" }, connection.platformName.slice(0, 1).toUpperCase(), img);
}

export function spinner(): HTMLElement {
  return h("span", { class: "spinner", "aria-hidden": "true" });
}
