// The component: owns the shadow root, the state, the calls and the host's callbacks.
import { ConnectionsApi, OriginNotAllowedError, apiBaseUrl, type Connection, type Logo } from "./api.js";
import { watchAuthorization, type AuthorizationWatch } from "./authorization.js";
import { h } from "./dom.js";
import { invalidTokenFailure, originNotAllowedAdvice, toFailure, type Failure } from "./errors.js";
import type { Action, Notice, Screen, State } from "./state.js";
import { styles } from "./styles.js";
import { createText, type Text, type TextKey } from "./text.js";
import { readToken } from "./token.js";
import type { CodatConnectionsInit, CodatConnectionsProps } from "./types.js";
import { confirmView } from "./views/confirm.js";
import { focusKey, type ViewContext } from "./views/context.js";
import { listView } from "./views/list.js";
import { authorizingView, failedView, loadingView } from "./views/states.js";
import { noticeContent } from "./views/notice.js";

const POPUP_FEATURES = "popup,width=520,height=720";

export class CodatConnections {
  readonly #props: CodatConnectionsProps;
  readonly #text: Text;
  readonly #host: HTMLElement;
  readonly #main: HTMLElement;
  readonly #live: HTMLElement;
  readonly #abort = new AbortController();
  readonly #api: ConnectionsApi | undefined;
  readonly #context: ViewContext;
  #state: State = { screen: { kind: "loading" }, connections: [], logos: new Map(), changedAt: new Map() };
  #watch: AuthorizationWatch | undefined;
  #focusAfterRender: string | undefined;

  constructor({ target, props }: CodatConnectionsInit) {
    if (!(target instanceof HTMLElement)) throw new TypeError("CodatConnections: `target` must be an HTMLElement.");
    if (typeof props !== "object" || props === null) throw new TypeError("CodatConnections: `props` is required.");
    this.#props = props;
    this.#text = createText(props.options?.text);
    const claims = readToken(props.accessToken);
    const baseUrl = apiBaseUrl(import.meta.url, claims?.issuer);
    this.#context = {
      text: this.#text,
      linkPage: claims && `${baseUrl}/companies/${encodeURIComponent(claims.companyId)}/link`,
      ask: (action, connectionId) => this.#ask(action, connectionId),
      confirm: () => void this.#confirm(),
      cancel: () => this.#cancel(),
      retry: () => void this.#load(),
      close: () => this.#call(props.onClose),
    };

    this.#host = h("div", { "data-codat-connections": "" });
    const shadow = this.#host.attachShadow({ mode: "open" });
    const style = h("style", {}, styles);
    if (props.options?.nonce) style.setAttribute("nonce", props.options.nonce);
    // Plain elements, no landmarks: the host page owns its <main> and <header>.
    this.#main = h("div", { class: "content" });
    this.#live = h("p", { class: "notice", role: "status" });
    this.#live.hidden = true;
    const close = h(
      "button",
      { type: "button", class: "icon", "aria-label": this.#text("main.close"), onClick: () => this.#call(props.onClose) },
      "×",
    );
    shadow.append(
      style,
      h(
        "section",
        { class: "root", "aria-labelledby": "codat-connections-title", onKeydown: (event) => this.#onKeydown(event as KeyboardEvent) },
        h("div", { class: "header" }, h("h1", { id: "codat-connections-title" }, this.#text("main.title")), close),
        h("div", {}, this.#live),
        this.#main,
      ),
    );
    target.appendChild(this.#host);

    if (claims) {
      this.#api = new ConnectionsApi(baseUrl, claims.companyId, props.accessToken, this.#abort.signal);
      void this.#load();
    } else {
      // Reported after the constructor returns, so the host already holds the instance.
      queueMicrotask(() => this.#fail(invalidTokenFailure(this.#text)));
    }
    this.#render();
  }

  /** Escape means "not now" while a question or an authorization is open. Handled here, it
   * goes no further: the host's own modal (a `<dialog>` closes on Escape) stays open. */
  #onKeydown(event: KeyboardEvent): void {
    const screen = this.#state.screen;
    if (event.key !== "Escape" || (screen.kind !== "confirm" && screen.kind !== "authorizing")) return;
    event.preventDefault();
    event.stopPropagation();
    // A confirmed action is under way: it is neither canceled nor left behind.
    if (screen.kind === "confirm" && screen.busy) return;
    this.#cancel();
  }

  /** Stops every call and timer, closes an open authorization window and removes the UI.
   * No callback fires afterwards. */
  destroy(): void {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#stopWatching();
    this.#host.remove();
  }

  get #destroyed(): boolean {
    return this.#abort.signal.aborted;
  }

  async #load(): Promise<void> {
    const api = this.#api;
    if (!api) return;
    this.#update({ screen: { kind: "loading" }, notice: undefined });
    let connections: Connection[];
    try {
      connections = await api.listConnections();
    } catch (error) {
      return this.#failed(error);
    }
    if (this.#destroyed) return;
    this.#update({ screen: { kind: "list" }, connections });
    await this.#loadLogos(api, connections);
  }

  /** Logos are decoration: one request per platform, all at once, failures ignored. */
  async #loadLogos(api: ConnectionsApi, connections: readonly Connection[]): Promise<void> {
    const keys = [...new Set(connections.map((c) => c.integrationKey).filter((k): k is string => !!k))];
    const missing = keys.filter((key) => !this.#state.logos.has(key));
    if (missing.length === 0) return;
    const found = await Promise.all(missing.map((key) => api.logo(key).then((logo) => [key, logo] as const, () => undefined)));
    if (this.#destroyed) return;
    const logos = new Map<string, Logo>(this.#state.logos);
    for (const entry of found) if (entry?.[1]) logos.set(entry[0], entry[1]);
    this.#update({ logos });
  }

  #ask(action: Action, connectionId: string): void {
    this.#focusAfterRender = focusKey.confirmTitle;
    this.#update({ screen: { kind: "confirm", action, connectionId, busy: false }, notice: undefined });
  }

  #cancel(): void {
    const screen = this.#state.screen;
    this.#stopWatching();
    if (screen.kind === "confirm" || screen.kind === "authorizing") this.#focusAfterRender = focusKey.action(screen.connectionId);
    this.#update({ screen: { kind: "list" } });
  }

  async #confirm(): Promise<void> {
    const screen = this.#state.screen;
    const api = this.#api;
    if (screen.kind !== "confirm" || screen.busy || !api) return;
    const { action, connectionId } = screen;
    this.#update({ screen: { ...screen, busy: true } });
    let connection: Connection;
    try {
      connection = action === "disconnect" ? await api.disconnect(connectionId) : await api.reconnect(connectionId);
    } catch (error) {
      return this.#failed(error, connectionId);
    }
    if (this.#destroyed) return;
    if (action === "disconnect") return this.#finished(connection, "disconnect.done", this.#props.onDisconnect);
    if (connection.status === "Linked") return this.#finished(connection, "reconnect.done", this.#props.onReconnect);
    this.#authorize(connection);
  }

  /** Opens the hosted authorization page and waits for the user to approve there. */
  #authorize(connection: Connection): void {
    const api = this.#api;
    if (!api) return;
    // Still within the click's user activation in current browsers; when the window is
    // blocked anyway, the screen offers a plain link instead.
    const popup = window.open(connection.linkUrl, "codat-connections-authorize", POPUP_FEATURES);
    this.#focusAfterRender = focusKey.cancel;
    this.#update({
      screen: { kind: "authorizing", connectionId: connection.id, linkUrl: connection.linkUrl, popupBlocked: popup === null },
    });
    let latest = connection;
    // The server records a failed attempt as a new error entry: the newest one changes.
    const newestError = (c: Connection) => c.dataConnectionErrors?.at(-1)?.erroredOnUtc;
    const errorBefore = newestError(connection);
    this.#watch = watchAuthorization({
      popup,
      outcome: async () => {
        latest = await api.getConnection(connection.id);
        if (latest.status === "Linked") return "linked";
        return newestError(latest) !== errorBefore && latest.dataConnectionErrors?.at(-1)?.status === "Active" ? "failed" : undefined;
      },
      onLinked: () => this.#finished(latest, "reconnect.done", this.#props.onReconnect),
      onFailed: () => {
        const reason = latest.dataConnectionErrors?.at(-1)?.errorMessage ?? "";
        this.#backToList(latest, { kind: "error", message: this.#text("reconnect.failed", { name: connection.platformName, reason }) });
      },
      onAbandoned: () => {
        this.#backToList(latest, { kind: "info", message: this.#text("reconnect.notCompleted", { name: connection.platformName }) });
      },
      onError: (error) => this.#failed(error, connection.id),
    });
  }

  #finished(connection: Connection, message: "disconnect.done" | "reconnect.done", callback: CodatConnectionsProps["onDisconnect"]): void {
    // Rendered with the list below: "Disconnected just now".
    this.#state = { ...this.#state, changedAt: new Map(this.#state.changedAt).set(connection.id, new Date()) };
    this.#backToList(connection, { kind: "success", message: this.#text(message, { name: connection.platformName }) });
    this.#call(callback, { connectionId: connection.id });
  }

  /** Back to the list after an action, focus on the connection's button, the outcome said. */
  #backToList(connection: Connection, notice: Notice): void {
    this.#stopWatching();
    this.#focusAfterRender = focusKey.action(connection.id);
    this.#update({ screen: { kind: "list" }, connections: this.#replace(connection), notice });
  }

  /** A failed call: loading failures and rejected tokens take over the screen; a failed
   * action that can be retried goes back to the list with the reason. */
  #failed(error: unknown, connectionId?: string): void {
    // Calls are only aborted by destroy(), after which nothing is reported.
    if (this.#destroyed) return;
    const failure = toFailure(error, this.#text);
    if (error instanceof OriginNotAllowedError) console.error(originNotAllowedAdvice(error));
    const connection = this.#state.connections.find((c) => c.id === connectionId);
    if (!connection || !failure.reported.userRecoverable) return this.#fail(failure);
    const action: TextKey = this.#state.screen.kind === "confirm" && this.#state.screen.action === "disconnect" ? "disconnect.failed" : "reconnect.failed";
    const reason = failure.kind === "network" ? this.#text("error.network") : (failure.reported.message ?? "");
    this.#backToList(connection, { kind: "error", message: this.#text(action, { name: connection.platformName, reason }) });
    this.#call(this.#props.onError, failure.reported);
  }

  #fail(failure: Failure): void {
    if (this.#destroyed) return;
    this.#stopWatching();
    this.#focusAfterRender = failure.reported.userRecoverable ? focusKey.retry : focusKey.close;
    this.#update({ screen: { kind: "failed", failure }, notice: undefined });
    this.#call(this.#props.onError, failure.reported);
  }

  #stopWatching(): void {
    this.#watch?.stop();
    this.#watch = undefined;
  }

  #replace(connection: Connection): Connection[] {
    return this.#state.connections.map((c) => (c.id === connection.id ? connection : c));
  }

  #update(change: Partial<State>): void {
    this.#state = { ...this.#state, ...change };
    this.#render();
  }

  #render(): void {
    if (this.#destroyed) return;
    const root = this.#host.shadowRoot;
    const active = root?.activeElement?.getAttribute("data-focus") ?? undefined;
    this.#main.replaceChildren(...this.#screen(this.#state.screen));
    const notice = this.#state.notice;
    this.#live.hidden = !notice;
    this.#live.replaceChildren(...(notice ? noticeContent(notice) : []));
    if (notice) this.#live.setAttribute("data-kind", notice.kind);
    else this.#live.removeAttribute("data-kind");
    const focus = this.#focusAfterRender ?? active;
    this.#focusAfterRender = undefined;
    if (focus) root?.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focus)}"]`)?.focus();
  }

  #screen(screen: Screen): Node[] {
    const { connections, logos, changedAt } = this.#state;
    const find = (id: string) => connections.find((c) => c.id === id);
    switch (screen.kind) {
      case "loading":
        return [loadingView(this.#context)];
      case "failed":
        return [failedView(screen.failure, this.#context)];
      case "list":
        return listView(connections, logos, changedAt, this.#context);
      case "confirm": {
        const connection = find(screen.connectionId);
        if (!connection) return listView(connections, logos, changedAt, this.#context);
        const logo = connection.integrationKey ? logos.get(connection.integrationKey) : undefined;
        return [confirmView(screen.action, connection, logo, screen.busy, this.#context)];
      }
      case "authorizing": {
        const name = find(screen.connectionId)?.platformName ?? "";
        return [authorizingView(name, screen.linkUrl, screen.popupBlocked, this.#context)];
      }
    }
  }

  /** Host callbacks run outside our control flow: an exception in one is reported, but
   * does not leave the component half-updated. */
  #call<A>(callback: ((arg: A) => void) | undefined, arg?: A): void {
    if (this.#destroyed || typeof callback !== "function") return;
    try {
      callback(arg as A);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }
}
