import { APIError, createAuthMiddleware } from 'better-auth/api';
import { ACCOUNT_LIMITS } from '@todo/contracts';

/** C0 and C1 control characters (a line break or a NUL in a name is never meant). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

type Body = Record<string, unknown>;

const refuse = (code: string, message: string) => new APIError('BAD_REQUEST', { code, message });

/** A new password: long enough, not too long, and hard to guess (zxcvbn), also from the account's own email and name. */
export async function checkPassword(password: unknown, userInputs: string[] = []): Promise<void> {
  if (typeof password !== 'string') return; // Better Auth's own schema answers for a missing or wrong-typed field.
  if (password.length < ACCOUNT_LIMITS.passwordMin || password.length > ACCOUNT_LIMITS.passwordMax)
    throw refuse(
      'PASSWORD_LENGTH',
      `Password must be ${ACCOUNT_LIMITS.passwordMin} to ${ACCOUNT_LIMITS.passwordMax} characters`,
    );
  const inputs = userInputs.flatMap((input) => [input, input.replace(/[@.\s]+/g, ''), ...input.split(/[@.\s]+/)]);
  const { zxcvbn } = await import('./password-strength.js');
  const { score, feedback } = zxcvbn.check(
    password,
    inputs.filter(Boolean).map((input) => input.toLowerCase()),
  );
  if (score < ACCOUNT_LIMITS.passwordScoreMin)
    throw refuse(
      'PASSWORD_TOO_WEAK',
      `Password is too easy to guess${feedback.warning ? `: ${feedback.warning}` : ''}`,
    );
}

function checkProfile(body: Body): void {
  const { name, email, image } = body;
  if (name !== undefined) {
    if (typeof name !== 'string' || !name.trim() || name.length > ACCOUNT_LIMITS.nameMax || CONTROL.test(name))
      throw refuse(
        'INVALID_NAME',
        `Name must be 1 to ${ACCOUNT_LIMITS.nameMax} characters, without control characters`,
      );
  }
  if (typeof email === 'string' && email.length > ACCOUNT_LIMITS.emailMax)
    throw refuse('INVALID_EMAIL', `Email must be at most ${ACCOUNT_LIMITS.emailMax} characters`);
  if (typeof image === 'string' && image.length > ACCOUNT_LIMITS.imageUrlMax)
    throw refuse('INVALID_IMAGE', `Image URL must be at most ${ACCOUNT_LIMITS.imageUrlMax} characters`);
}

/**
 * Better Auth's `before` hook for the account rules it has no option for: field limits on the profile, a password
 * strength check on every new password, a password change that ends the account's other sessions (and so their
 * JWTs), and an account deletion that needs the password.
 */
export const accountRules = createAuthMiddleware(async (ctx) => {
  const body = (ctx.body ?? {}) as Body;
  switch (ctx.path) {
    case '/sign-up/email':
      checkProfile(body);
      await checkPassword(body.password, [String(body.email ?? ''), String(body.name ?? '')]);
      return;
    case '/update-user':
      checkProfile(body);
      return;
    case '/change-password':
      await checkPassword(body.newPassword, [String(ctx.context.session?.user.email ?? '')]);
      return { context: { body: { ...body, revokeOtherSessions: true } } };
    case '/reset-password':
    case '/set-password':
      await checkPassword(body.newPassword);
      return;
    case '/delete-user':
      if (typeof body.password !== 'string' || !body.password)
        throw refuse('PASSWORD_REQUIRED', 'Deleting the account needs its password');
      return;
    default:
      return;
  }
});
