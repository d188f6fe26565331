import type { HttpClient } from './http-client.ts';
import type { ChangePasswordRequest, ChangePasswordResult, LoginRequest, LoginResponse, MeResponse } from './types.ts';

/** The console's own account routes (`/api/v1/auth/*`). */
export function authApi(http: HttpClient) {
  return {
    login: (body: LoginRequest) => http.post<LoginResponse>('/api/v1/auth/login', body, { expectUnauthenticated: true }),
    logout: () => http.post<void>('/api/v1/auth/logout'),
    /** The signed-in user, or a 401 when there is no session (not an expiry: nobody was signed in). */
    me: () => http.get<MeResponse>('/api/v1/auth/me', { expectUnauthenticated: true }),
    changePassword: (body: ChangePasswordRequest) => http.post<ChangePasswordResult>('/api/v1/auth/password', body),
  };
}
