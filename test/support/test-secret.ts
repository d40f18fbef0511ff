/** The status-link secret every test process signs and checks with (global-setup serves it as the local secret). */
export const TEST_STATUS_LINK_SECRET = 'test-status-link-secret-0123456789abcdef0123456789';
