// Integration tests start whole applications and wait on real services; Jest's 5 s default is too tight.
jest.setTimeout(60_000);
