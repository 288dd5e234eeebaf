// A driver that goes down on demand: while down, reads fail, and updates run fn (the token
// response already arrived) and then fail to write, like a store that died mid-refresh.
// The error class comes from the caller: tests run the source, workers the build.
export function flakyDriver(inner, SettingsBackendError) {
  const state = { down: false, lockFails: false };
  const fail = (operation) => new SettingsBackendError("flaky", operation, "connection lost");
  const driver = {
    name: "flaky",
    get: (key) => (state.down ? Promise.reject(fail("read")) : inner.get(key)),
    set: (key, value) => (state.down ? Promise.reject(fail("write")) : inner.set(key, value)),
    delete: (key) => (state.down ? Promise.reject(fail("delete")) : inner.delete(key)),
    async update(key, fn, options) {
      if (state.down && state.lockFails) throw fail("take the lock");
      if (!state.down) return inner.update(key, fn, options);
      await fn(await inner.get(key));
      throw fail("write");
    },
    close: () => inner.close(),
  };
  return { driver, state };
}
