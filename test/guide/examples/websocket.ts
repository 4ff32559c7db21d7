// The guide's example "Network 2. WebSocket Optimization", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { WebSocket } from '@neo-service/sdk';
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// WebSocket connection management
class WebSocketManager {
  private connections = new Map<string, WebSocket>();

  async getConnection(url: string): Promise<WebSocket> {
    let conn = this.connections.get(url);
    
    if (!conn || conn.readyState !== WebSocket.OPEN) {
      conn = await this.createConnection(url);
      this.connections.set(url, conn);
    }
    
    return conn;
  }

  private async createConnection(url: string): Promise<WebSocket> {
    const ws = new WebSocket(url);
    
    ws.on('error', (error) => {
      context.logger.error('WebSocket error', { url, error });
    });
    
    return new Promise((resolve) => {
      ws.on('open', () => resolve(ws));
    });
  }
}
// --- end of guide example ---

export { WebSocketManager };
