/** What enforcement needs to know of a session: which one it is (ids outlive reconnects) and whose. */
export interface EnforcedSession {
  id: string;
  userId: string;
}
