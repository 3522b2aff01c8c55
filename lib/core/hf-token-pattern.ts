/**
 * Whether `value` holds a Hugging Face user access token (`hf_` and at least 16 letters or digits),
 * anywhere in it: pasted as is, after `Bearer `, in a config line, with a trailing newline.
 * @internal
 */
export function looksLikeHfToken(value: string): boolean {
  return /hf_[A-Za-z0-9]{16,}/.test(value);
}
