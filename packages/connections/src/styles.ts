// The component's only stylesheet, injected once into its shadow root (with the host's CSP
// nonce). `all: initial` on the host stops the page's inherited styles from leaking in;
// nothing here can leak out. Colors keep a 4.5:1 contrast ratio or better.
export const styles = `
:host{all:initial;display:block;width:100%;height:100%;container-type:inline-size;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24}
*{box-sizing:border-box}
[hidden]{display:none!important}
.root{display:flex;flex-direction:column;height:100%;background:#fff;overflow:hidden}
.header{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:14px 20px;border-bottom:1px solid #d6dbe1}
h1{margin:0;font-size:18px;font-weight:600}
h2{margin:20px 0 8px;font-size:13px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#4a5462}
h3{margin:0;font-size:15px;font-weight:600;overflow-wrap:anywhere}
.content{flex:1;overflow-y:auto;padding:4px 20px 20px}
ul{margin:0;padding:0;list-style:none}
.connections{display:grid;gap:8px}
.connection{display:grid;grid-template-columns:40px minmax(0,1fr) auto;align-items:start;gap:8px 12px;padding:12px;border:1px solid #d6dbe1;border-radius:8px}
.connection>button{align-self:center}
.logo{position:relative;flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:8px;background:#e9edf2;color:#323a45;font-weight:600;overflow:hidden}
.logo img{position:absolute;inset:0;width:100%;height:100%;object-fit:contain;background:#fff}
.title{display:flex;flex-wrap:wrap;align-items:center;gap:2px 8px;margin-bottom:2px}
.meta{margin:2px 0 0;font-size:13px;color:#4a5462}
.meta.next{color:#7a3e00}
time{white-space:nowrap}
.status{padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.status[data-status=Linked]{background:#e4f4ea;color:#0a5c29}
.status[data-status=Unlinked]{background:#eceef1;color:#3b434e}
.status[data-status=Deauthorized]{background:#fdf0dc;color:#7a3e00}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:36px;padding:6px 14px;border:1px solid #8b95a3;border-radius:6px;
background:#fff;color:#1b1f24;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
button:hover,.button:hover{background:#f2f4f7}
.primary{border-color:#1849c6;background:#1849c6;color:#fff}
.primary:hover{background:#123a9e}
button.danger{border-color:#ad1f14;background:#ad1f14;color:#fff}
button.danger:hover{background:#8a180f}
button:disabled{cursor:default;opacity:.65}
button.icon{width:36px;padding:0;border-color:transparent;font-size:22px;line-height:1}
:focus-visible{outline:3px solid #1849c6;outline-offset:2px}
a{color:#1849c6}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.notice{display:flex;align-items:flex-start;gap:8px;margin:16px 20px 0;padding:10px 12px;border:1px solid #b5c7f2;border-radius:6px;background:#e8effd;color:#16337f}
.notice[data-kind=success]{border-color:#a8d5b5;background:#e6f4ea;color:#0a5c29}
.notice[data-kind=error]{border-color:#f1b5b0;background:#fdeceb;color:#8a180f}
.notice-icon,.state-icon{flex:none;display:grid;place-items:center;width:20px;height:20px;border-radius:50%;background:#1849c6;color:#fff;font-size:12px;font-weight:700;line-height:1}
.notice[data-kind=success] .notice-icon{background:#137333}
.notice[data-kind=error] .notice-icon,.state-icon{background:#b42318}
.state{display:grid;justify-items:center;gap:12px;padding:48px 8px;text-align:center;color:#323a45}
.state p{margin:0;max-width:36ch}
.state .headline{font-size:16px;font-weight:600;color:#1b1f24}
.state .buttons{justify-content:center}
.state-icon{width:32px;height:32px;font-size:18px}
.spinner{width:28px;height:28px;border:3px solid #c9d0d9;border-top-color:#1849c6;border-radius:50%;animation:spin .9s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation-duration:3s}}
.confirm{padding-top:20px}
.confirm h2{margin:12px 0 8px;font-size:18px;letter-spacing:0;text-transform:none;color:#1b1f24}
.confirm p{margin:0 0 12px}
.data-types{margin:0 0 16px;padding-left:20px;list-style:disc}
.data-types li{margin:2px 0}
.buttons{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:8px}
@container (max-width:340px){.header{padding:12px}.content{padding:4px 12px 12px}.notice{margin:12px 12px 0}
.connection{grid-template-columns:40px minmax(0,1fr)}.connection>button{grid-column:1/-1}.buttons>*{flex:1 1 100%}}
`;
