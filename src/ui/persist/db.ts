// A minimal promise wrapper over the plain IndexedDB API: one database, three object stores.
//   datasets  uploaded files as they were (key: file name), so a reload can parse them again
//   runs      finished runs (the RunResult, typed arrays included: IndexedDB stores them natively)
//   session   the current setup and what was shown (key 'current')
const DB_NAME = 'droil-playground';
const DB_VERSION = 1;
export type StoreName = 'datasets' | 'runs' | 'session';

let opening: Promise<IDBDatabase> | null = null;

export function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') { reject(new Error('this browser has no IndexedDB (private mode?)')); return; }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('datasets')) db.createObjectStore('datasets', { keyPath: 'name' });
      if (!db.objectStoreNames.contains('runs')) db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains('session')) db.createObjectStore('session');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of the playground'));
  });
  opening.catch(() => { opening = null; });
  return opening;
}

function done<T>(req: IDBRequest<T>, tx: IDBTransaction): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    tx.oncomplete = () => resolve(req.result);
    // A quota error surfaces on the transaction (abort) or on the request.
    tx.onabort = () => reject(tx.error ?? req.error ?? new Error('the transaction was aborted'));
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('the transaction failed'));
  });
}

export async function put(store: StoreName, value: unknown, key?: IDBValidKey): Promise<IDBValidKey> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  return done(tx.objectStore(store).put(value, key), tx);
}

export async function get<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  return done(tx.objectStore(store).get(key), tx) as Promise<T | undefined>;
}

export async function getAll<T>(store: StoreName): Promise<T[]> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  return done(tx.objectStore(store).getAll(), tx) as Promise<T[]>;
}

/** Every record of a store with its key (a damaged record may lack the field its key came from). */
export async function getAllEntries(store: StoreName): Promise<[IDBValidKey, unknown][]> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  const os = tx.objectStore(store);
  const [keys, values] = await Promise.all([done(os.getAllKeys(), tx), new Promise<unknown[]>((resolve, reject) => {
    const req = os.getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  })]);
  return keys.map((k, i) => [k, values[i]]);
}

export async function remove(store: StoreName, key: IDBValidKey): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  await done(tx.objectStore(store).delete(key), tx);
}

/** Wipes every store (the Reset button). */
export async function clearAll(): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(['datasets', 'runs', 'session'], 'readwrite');
  const req = tx.objectStore('datasets').clear();
  tx.objectStore('runs').clear();
  tx.objectStore('session').clear();
  await done(req, tx);
}

/** A user-facing message for a failed write; quota errors say what to do. */
export function storageMessage(e: unknown, what: string): string {
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message))) {
    return `${what} was not saved in this browser: its storage quota is full. Reset saved data (or export a project file) to free space.`;
  }
  return `${what} was not saved in this browser (${(e as Error)?.message ?? String(e)}).`;
}
