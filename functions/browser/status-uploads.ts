/**
 * The status page's upload form: asks the API for an upload grant (behind the page's own signed
 * link), then sends the image straight to the storage with the grant's fields. The bytes are
 * checked once they land; the page reloads to show the image being checked.
 */
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 15 * 1024 * 1024;

for (const form of document.querySelectorAll<HTMLFormElement>('form.upload-form')) {
  const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
  const error = form.querySelector<HTMLElement>('.form-error')!;
  const done = form.querySelector<HTMLElement>('[role=status]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const fail = (text: string) => {
    error.textContent = text;
    error.hidden = false;
    button.disabled = false;
    input.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    const file = input.files?.[0];
    if (!file) return fail('Choose an image to add.');
    if (!TYPES.includes(file.type)) return fail('Choose a JPEG, PNG or WebP image.');
    if (file.size > MAX_BYTES) return fail('The image is larger than 15 MB.');
    button.disabled = true;
    void (async () => {
      const granted = await fetch(form.dataset.uploadUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: file.name, contentType: file.type, bytes: file.size }),
      });
      const answer = (await granted.json().catch(() => ({}))) as { upload?: { url: string; fields: Record<string, string> }; error?: { message: string } };
      if (!granted.ok || !answer.upload) return fail(answer.error?.message ?? 'The image could not be added. Please try again.');
      const body = new FormData();
      for (const [name, value] of Object.entries(answer.upload.fields)) body.append(name, value);
      body.append('file', file);
      const stored = await fetch(answer.upload.url, { method: 'POST', body }).catch(() => undefined);
      if (!stored?.ok) return fail('The image could not be stored. Please try again.');
      done.textContent = 'Thank you: your image is added, and appears here once checked.';
      done.hidden = false;
      setTimeout(() => location.reload(), 1500);
    })().catch(() => fail('The image could not be added. Please try again.'));
  });
}
