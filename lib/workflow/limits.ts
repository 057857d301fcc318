/** The longest reason a return, denial, withdrawal or rescission may carry. */
export const REASON_MAX_LENGTH = 2000;
