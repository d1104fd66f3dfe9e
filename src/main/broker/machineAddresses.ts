import os from 'node:os';

/**
 * This machine's IP addresses. `lan`: only the IPv4 ones other devices on the network can reach
 * (what the broker panel shows); otherwise all, loopback and IPv6 included (what a certificate
 * made for this machine must name).
 */
export function machineAddresses({ lan }: { lan: boolean }): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && (!lan || (!address.internal && address.family === 'IPv4')))
    .map((address) => address!.address);
}
