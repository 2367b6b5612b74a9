import type { User } from '../store/store.js';

/** A user as the API shows them: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  createdAt: string;
  updatedAt: string;
}

export function userView(user: User): UserView {
  const { id, email, name, role, createdAt, updatedAt } = user;
  return { id, email, name, role, createdAt, updatedAt };
}
