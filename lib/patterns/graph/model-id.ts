import { invalid } from '../../core/errors';

/*
 * What `model` and `servedModelName` may be. `model` is what the engines, the download Job and the
 * router load (a Hugging Face id or a path); `servedModelName` is only the name clients send.
 */

/** A URL to a model page or repository: `https://huggingface.co/org/name`, `hf://org/name`, `huggingface.co/org/name`. */
const MODEL_URL = /^(?:(?:https?|hf):\/\/|(?:www\.)?(?:huggingface\.co|hf\.co)\/)/i;

/** The `org/name` a Hugging Face URL points to, or undefined for a URL that is not one. */
function huggingFaceIdOf(url: string): string | undefined {
  const m = /^(?:(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/|hf:\/\/)(?!datasets\/|spaces\/)([A-Za-z0-9][-\w.]*)(?:\/([A-Za-z0-9][-\w.]*))?/i.exec(url);
  if (!m) return undefined;
  return m[2] !== undefined ? `${m[1]}/${m[2]}` : m[1];
}

/**
 * The model rule: a Hugging Face id (`org/name`) or a path in the image or cache, without spaces.
 * A URL is refused with the id it points to: the engines, the download Job and the router take the
 * id, not the page.
 * @internal
 */
export function validateModel(prop: string, model: unknown): void {
  if (typeof model !== 'string' || !model || /\s/.test(model) || model.length > 512) {
    throw invalid(prop, 'must be a Hugging Face model id or a path, without spaces', model, 'use an id such as "Qwen/Qwen3-0.6B"');
  }
  if (MODEL_URL.test(model)) {
    const id = huggingFaceIdOf(model);
    throw invalid(prop, 'must be a Hugging Face model id (org/name) or a path, not a URL', model,
      id !== undefined ? `use "${id}"` : 'download the model into the image or a model cache and give its path, or use a Hugging Face id such as "Qwen/Qwen3-0.6B"');
  }
}

/**
 * The served model name rule: the name clients send in the `model` field of OpenAI requests
 * (and list in `/v1/models`), so printable and without spaces.
 * @internal
 */
export function validateServedModelName(name: unknown): void {
  if (typeof name !== 'string' || !name || /[\s\u0000-\u001f\u007f]/.test(name) || name.length > 512) {
    throw invalid('servedModelName', 'must be the name clients send as "model" in requests: 1-512 printable characters without spaces', name,
      'use a name such as "llama-3.3-70b", or leave it unset to serve the model under its id');
  }
}
