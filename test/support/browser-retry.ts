// A journey waits on Chromium, the API, the worker and the machine's two cores at once; one retry keeps a
// slow moment from failing the suite, and the first failure is still printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
