/// <reference lib="dom" />
/**
 * The webclient's entry point, bundled by esbuild into /webclient.js. It finds the page's
 * elements (webclient-page.ts), opens the connection and routes each message:
 *   text   → the scrollback      prompt → the prompt line (`password: true` masks the input;
 *                                         the prompt goes once the password is sent)
 *   client_options {ECHO} → input masking      session_resumed → a notice
 *   logged_in → commands typed from now on are saved whole across a reload (scrollback.ts)
 *   every message → page scripts (page-api.ts)
 * On each (re)connect it tells the Server what it can show with `client_options`.
 */
import { Connection, tabClientSessionId, type ConnectionState } from './connection.ts';
import { CommandLine } from './command-line.ts';
import { PageEvents, type WaystoneApi } from './page-api.ts';
import { renderGameHtml } from './sanitize.ts';
import { Scrollback } from './scrollback.ts';
import { firstText, type WireMessage } from './wire.ts';

declare global {
  interface Window {
    waystone: WaystoneApi;
  }
}

/** Lines kept in the scrollback before the oldest go. */
const MAX_SCROLLBACK_LINES = 5000;
const SCREEN_READER_KEY = 'waystone.screenReader';
/** Blocks of scrollback kept across a reload of this tab (sessionStorage). */
const SAVED_BLOCKS = 400;
const SAVED_LOG_KEY = 'waystone.scrollback';
/** Whether this tab's session had logged in, for a reload that resumes it. */
const LOGGED_IN_KEY = 'waystone.loggedIn';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`webclient: the page has no #${id}`);
  return found as T;
}

function readSetting(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function writeSetting(key: string, on: boolean): void {
  try {
    localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // storage disabled: the setting lasts for this page only
  }
}

function readTabFlag(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === 'yes';
  } catch {
    return false;
  }
}

function writeTabFlag(key: string, on: boolean): void {
  try {
    sessionStorage.setItem(key, on ? 'yes' : 'no');
  } catch {
    // storage disabled: a reload forgets it (and saves fewer commands whole)
  }
}

function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true' || value === 'on') return true;
  if (value === 0 || value === '0' || value === 'false' || value === 'off') return false;
  return null;
}

function start(): void {
  const output = element<HTMLDivElement>('output');
  const promptLine = element<HTMLDivElement>('prompt');
  const statusBox = element<HTMLElement>('status');
  const statusText = element<HTMLSpanElement>('status-text');
  const reconnectButton = element<HTMLButtonElement>('reconnect');
  const hideButton = element<HTMLButtonElement>('hide-input');
  const readerButton = element<HTMLButtonElement>('screen-reader');
  const maskNote = element<HTMLSpanElement>('mask-note');
  const input = element<HTMLInputElement>('input');

  const events = new PageEvents();
  const scrollback = new Scrollback(output, element('new-output'), MAX_SCROLLBACK_LINES);
  let everOpened = false;
  let countdown: ReturnType<typeof setInterval> | undefined;
  /**
   * Whether the session is past the connection screen (the game sent `logged_in`). A new
   * connection starts on the connection screen unless the Portal resumes the session
   * (`session_resumed`), which keeps the login it had: `resumable` remembers it meanwhile.
   */
  let loggedIn = readTabFlag(LOGGED_IN_KEY);
  let resumable = false;
  const setLoggedIn = (on: boolean): void => {
    loggedIn = on;
    writeTabFlag(LOGGED_IN_KEY, on);
  };

  const commandLine = new CommandLine(element('command-form'), input, {
    onLine(line, masked) {
      if (!connection.send('text', [line])) {
        scrollback.appendText(
          'Not connected: your line is kept; press Enter once connected.',
          'notice',
        );
        return false;
      }
      if (!masked) scrollback.appendCommand(line, !loggedIn);
      scrollback.scrollToEnd();
      return true;
    },
    onPasswordAnswered() {
      promptLine.replaceChildren();
    },
    onMaskChange(masked, why) {
      maskNote.hidden = !masked;
      maskNote.textContent = masked ? `Hidden: ${why}` : '';
      input.placeholder = masked ? 'Hidden input…' : 'Type a command…';
    },
  });

  const screenReader = (on: boolean): void => {
    document.body.classList.toggle('screen-reader', on);
    readerButton.setAttribute('aria-pressed', String(on));
    scrollback.screenReader = on;
    writeSetting(SCREEN_READER_KEY, on);
  };
  screenReader(readSetting(SCREEN_READER_KEY));

  try {
    const saved = sessionStorage.getItem(SAVED_LOG_KEY);
    if (saved !== null && saved !== '') {
      scrollback.restore(saved);
      scrollback.appendText('Page reloaded.', 'notice');
    }
  } catch {
    // storage disabled or the saved log unreadable: start with an empty log
  }
  const saveLog = (): void => {
    try {
      sessionStorage.setItem(SAVED_LOG_KEY, scrollback.snapshot(SAVED_BLOCKS));
    } catch {
      // over the storage quota: the next load starts with an empty log
    }
  };
  window.addEventListener('pagehide', saveLog);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveLog();
  });

  /** How many monospace characters fit across the output (the WebSocket form of NAWS). */
  const screenSize = (): { SCREENWIDTH: number; SCREENHEIGHT: number } => {
    const probe = document.createElement('span');
    probe.className = 'measure';
    probe.textContent = 'M'.repeat(20);
    output.append(probe);
    const box = probe.getBoundingClientRect();
    probe.remove();
    const style = getComputedStyle(output);
    const inner =
      output.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {
      SCREENWIDTH: Math.max(20, Math.floor(inner / (box.width / 20 || 8))),
      SCREENHEIGHT: Math.max(5, Math.floor(output.clientHeight / (box.height || 16))),
    };
  };
  let lastSize = '';
  const sendScreenSize = (): void => {
    const size = screenSize();
    const key = `${size.SCREENWIDTH}x${size.SCREENHEIGHT}`;
    if (key !== lastSize && connection.send('client_options', [], size)) lastSize = key;
  };
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(sendScreenSize, 300);
  });

  const showState = (state: ConnectionState): void => {
    clearInterval(countdown);
    statusBox.dataset['state'] = state.kind;
    document.body.dataset['connection'] = state.kind;
    reconnectButton.hidden = state.kind === 'open' || state.kind === 'connecting';
    switch (state.kind) {
      case 'connecting':
        statusText.textContent =
          state.attempt > 1 ? `Reconnecting… (try ${state.attempt})` : 'Connecting…';
        break;
      case 'open':
        statusText.textContent = 'Connected';
        break;
      case 'waiting': {
        const tick = (): void => {
          const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
          statusText.textContent = `Connection lost, retrying in ${seconds} s`;
        };
        tick();
        countdown = setInterval(tick, 1000);
        break;
      }
      case 'closed':
        statusText.textContent = 'Disconnected';
        break;
      default: {
        const never: never = state;
        throw new Error(`webclient: unknown state ${JSON.stringify(never)}`);
      }
    }
  };

  const onMessage = (message: WireMessage): void => {
    switch (message.name) {
      case 'text':
        // Channel lines (`{ type: 'channel' }`) are styled apart from the room's text.
        scrollback.appendHtml(
          firstText(message),
          message.kwargs['type'] === 'channel' ? 'channel' : 'text',
        );
        break;
      case 'prompt':
        promptLine.replaceChildren(renderGameHtml(firstText(message), {}, null));
        commandLine.setPromptPassword(message.kwargs['password'] === true);
        break;
      case 'session_resumed':
        // A reload or a network blip within the grace period: same session, same login.
        setLoggedIn(resumable);
        scrollback.appendText('Session resumed: you are still connected as before.', 'notice');
        break;
      case 'logged_in':
        setLoggedIn(true);
        break;
      case 'client_options': {
        const echo = asBoolean(message.kwargs['ECHO']);
        if (echo !== null) commandLine.setServerEcho(echo);
        break;
      }
    }
    events.emit(message);
  };

  // The page names its socket path (webclient-page.ts); the socket is on the page's own host.
  const socketPath = document.body.dataset['websocket'] ?? '/ws';
  const url = (fresh: boolean): string => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${socketPath}?csessid=${tabClientSessionId(fresh)}`;
  };
  const connection = new Connection(url, {
    onMessage,
    onState(state) {
      showState(state);
      if (state.kind === 'waiting' && everOpened && state.attempt === 1)
        scrollback.appendText('Connection lost. Reconnecting…', 'notice');
      if (state.kind === 'closed') scrollback.appendText(state.message, 'notice');
      events.emitState(state);
    },
    onOpen() {
      if (everOpened) scrollback.appendText('Reconnected.', 'notice');
      everOpened = true;
      resumable = loggedIn;
      setLoggedIn(false);
      commandLine.reset();
      promptLine.replaceChildren();
      lastSize = '';
      const flags = {
        ANSI: true,
        XTERM256: true,
        TRUECOLOR: true,
        'UTF-8': true,
        SCREENREADER: readerButton.getAttribute('aria-pressed') === 'true',
        ...screenSize(),
      };
      connection.send('client_options', [], flags);
    },
  });

  reconnectButton.addEventListener('click', () => {
    connection.open();
    commandLine.focus();
  });
  hideButton.addEventListener('click', () => {
    const hidden = hideButton.getAttribute('aria-pressed') !== 'true';
    hideButton.setAttribute('aria-pressed', String(hidden));
    commandLine.setUserHidden(hidden);
    commandLine.focus();
  });
  readerButton.addEventListener('click', () => {
    const on = readerButton.getAttribute('aria-pressed') !== 'true';
    screenReader(on);
    connection.send('client_options', [], { SCREENREADER: on });
    commandLine.focus();
  });
  // Clickable commands in game output (<a data-command="…">); a click elsewhere that selects
  // nothing returns the focus to the command line (not on touch screens: it would pop the keyboard).
  output.addEventListener('click', (event) => {
    const target = (event.target as Element).closest('[data-command]');
    if (target !== null) {
      event.preventDefault();
      const command = target.getAttribute('data-command') ?? '';
      if (connection.send('text', [command])) scrollback.appendCommand(command, !loggedIn);
      return;
    }
    if (matchMedia('(pointer: fine)').matches && (getSelection()?.isCollapsed ?? true))
      commandLine.focus();
  });

  window.waystone = {
    on: (name, handler) => events.on(name, handler),
    off: (name, handler) => events.off(name, handler),
    onState: (handler) => events.onState(handler),
    send: (name, args = [], kwargs = {}) => connection.send(name, args, kwargs),
    sendText: (line) => connection.send('text', [line]),
    get state() {
      return connection.state;
    },
  };

  connection.open();
  commandLine.focus();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
