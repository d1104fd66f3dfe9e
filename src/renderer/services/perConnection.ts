/** One `T` per connection id, made on first use and kept: state that outlives the views showing it. */
export function perConnection<T>(create: () => T): (connectionId: string) => T {
  const made = new Map<string, T>();
  return (connectionId) => {
    let value = made.get(connectionId);
    if (value === undefined) made.set(connectionId, (value = create()));
    return value;
  };
}
