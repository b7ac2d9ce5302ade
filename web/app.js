// Placeholder client: shows whether the page holds a live WebSocket to /ws.
// The real client (CRDT replica, table screen) replaces this in a later issue.
const LABELS = {
  connecting: 'Connessione in corso… / Connecting…',
  open: 'Connesso / Connected',
  closed: 'Disconnesso, nuovo tentativo… / Disconnected, retrying…',
};

const status = document.getElementById('connection');
const text = document.getElementById('connection-text');

function show(state) {
  status.dataset.state = state;
  text.textContent = LABELS[state];
}

export function socketURL(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

let retryDelay = 500;

function connect() {
  show('connecting');
  const socket = new WebSocket(socketURL(window.location), 'tavolo.v1');
  socket.addEventListener('open', () => { retryDelay = 500; show('open'); });
  socket.addEventListener('close', () => {
    show('closed');
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10000);  // back off, so a restarting server is not flooded
  });
}

connect();
