// Module resolve hook: `electron` is the simulation; everything else resolves as usual.
const simulation = new URL('./simulatedElectron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: simulation, shortCircuit: true };
  return nextResolve(specifier, context);
}
