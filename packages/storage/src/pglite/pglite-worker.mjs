// Worker thread entry: owns one PGlite session so that WASM execution, and the parsing of large
// results, never run on the main event loop. Protocol (all messages plain, structured-clone safe):
//   main → worker  {id, type: 'query', sql, params, copyData?: Uint8Array} | {id, type: 'close'}
//   worker → main  {type: 'ready'} | {type: 'failed', error}
//                  {id, ok: true, result} | {id, ok: false, error}
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteSession, serializeError } from './pglite-session.mjs';

const port = parentPort;
let session;
try {
  session = await openPgliteSession(workerData.dataDir);
} catch (error) {
  port.postMessage({ type: 'failed', error: serializeError(error) });
  process.exit(1);
}

port.on('message', (message) => {
  if (message.type === 'query') {
    session.run(message.sql, message.params, message.copyData).then(
      (result) => port.postMessage({ id: message.id, ok: true, result }),
      (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
    );
  } else if (message.type === 'close') {
    session.close().then(
      () => {
        port.postMessage({ id: message.id, ok: true });
        port.close();
      },
      (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
    );
  }
});
port.postMessage({ type: 'ready' });
