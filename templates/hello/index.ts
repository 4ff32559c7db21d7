import type { NeoFunction } from '@neo-service/sdk/function';

export interface GreetingInput {
  name?: string;
}

export interface Greeting {
  message: string;
}

export const __fn__: NeoFunction<GreetingInput, Greeting> = async (input, context) => {
  const name = typeof input?.name === 'string' && input.name.trim() !== '' ? input.name.trim() : 'world';
  // GREETING comes from `environment:` in neosl.yaml (or .env); an empty value means the default.
  const greeting = context.env.GREETING || 'Hello';

  // Structured logs: the fields stay searchable, and the request id is attached for you.
  context.logger.info('Greeting', { name });
  context.metrics.increment('__fn__.greetings');

  return { message: `${greeting}, ${name}!` };
};
