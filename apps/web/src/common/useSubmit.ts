import { useState } from 'react';

/**
 * The one-click steps of a page, which run one at a time: the name of the step `running`, and the failure of
 * the last for a banner. `handled` gets a failure first and answers true when it dealt with it itself (beside
 * a form's fields, say), so the banner does not repeat it.
 */
export function useSteps() {
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(
    name: string,
    step: () => Promise<void>,
    handled: (failure: unknown) => boolean = () => false,
  ) {
    setRunning(name);
    setError(null);
    try {
      await step();
    } catch (failure) {
      if (!handled(failure)) setError(failure);
    } finally {
      setRunning(null);
    }
  }

  return { running, error, setError, run };
}

/** A form's submission as one step: `busy` while `action` runs; `handled` gets the values sent too. */
export function useSubmit<T>(
  action: (values: T) => Promise<void>,
  handled: (failure: unknown, values: T) => boolean = () => false,
) {
  const { running, error, setError, run } = useSteps();
  const submit = (values: T) =>
    run(
      'submit',
      () => action(values),
      (failure) => handled(failure, values),
    );
  return { busy: running !== null, error, setError, submit };
}
