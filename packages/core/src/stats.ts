/** The figures `getStats()` returns and the health document serves. */
export interface StelarStats {
  /** Connections accepted since start. */
  totalConnections: number;
  activeConnections: number;
  totalMessagesReceived: number;
  totalMessagesSent: number;
  totalRooms: number;
  /** Milliseconds since start. */
  uptime: number;
  uptimeSeconds: number;
  wsConnections: number;
  tcpConnections: number;
  /** Heap used, in MiB with two decimals. */
  memoryMB: number;
  memoryUsage: {
    heapUsed: number;
    heapTotal: number;
    rss: number;
    external: number;
  };
  rateLimiterEntries: number;
  /** Messages not sent because a kept slow client's buffer was full. */
  slowClientDrops: number;
  /** Clients closed with `1013` because their outgoing buffer was full. */
  slowClientCloses: number;
}
