// The least a page can do to show a partner's words: send the text, and append each text heard to
// the list. `?room=<id>` names the room; the page marks itself live once connected.
const room = new URLSearchParams(location.search).get('room');
const socket = io({ transports: ['websocket'], auth: { room } });
const record = document.querySelector('[data-testid="record"]');
const composer = document.querySelector('[data-testid="composer"]');
socket.on('connect', () => (document.body.dataset.status = 'live'));
socket.on('said', (text) => {
  const item = document.createElement('li');
  item.textContent = text;
  record.append(item);
});
document.querySelector('[data-testid="send"]').addEventListener('click', () => {
  if (!composer.value.trim()) return;
  socket.emit('say', composer.value, () => (composer.value = ''));
});
