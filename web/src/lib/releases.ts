/**
 * What the release screens show of a release besides its raw fields: the
 * server's refusals as sentences, a short form of its content hash, its size
 * in words, a long list cut to its first entries, and how to pull it from a
 * script.
 */

/** The longest release name the server takes. */
export const RELEASE_NAME_MAX = 64

/**
 * A refusal of the server about a field as a sentence: its messages name no
 * subject (`must start with a letter or a digit`), so `subject` is put first,
 * and quote characters as Markdown code (`` `.` ``), shown here in quotes.
 */
export function fieldSentence(subject: string, message: string): string {
  const quoted = message.replace(/`([^`]+)`/g, '“$1”')
  const sentence = /^[a-z]/.test(quoted) ? `${subject} ${quoted}` : quoted
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

/** `sha256:9f86d081…` → `9f86d081884c`: enough to tell releases apart at a glance. */
export function shortHash(contentHash: string, length = 12): string {
  const hex = contentHash.startsWith('sha256:') ? contentHash.slice('sha256:'.length) : contentHash
  return hex.slice(0, length)
}

/** A size in words: `512 bytes`, `12 KB`, `3.4 MB`, `1.2 GB` (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString()} ${bytes === 1 ? 'byte' : 'bytes'}`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`
}

/** The first `limit` entries of a long list, and how many more there are. */
export function firstOf<T>(list: readonly T[], limit = 100): { shown: T[]; more: number } {
  return { shown: list.slice(0, limit), more: Math.max(0, list.length - limit) }
}

/** The Python SDK's lines that pull release `name` of project `projectId`. */
export function pythonSnippet(projectId: string, name: string): string {
  return [
    'import labelwell',
    '',
    'client = labelwell.Client()  # reads LABELWELL_URL and LABELWELL_TOKEN',
    `release = client.releases.pull("${projectId}", "${name}")`,
    'df = release.to_pandas()',
    'ds = release.to_dataset()',
  ].join('\n')
}

/** The address of a release's JSON Lines (same origin: the browser sends the session cookie). */
export const releaseItemsPath = (projectId: string, name: string): string =>
  `/api/v1/projects/${encodeURIComponent(projectId)}/releases/${encodeURIComponent(name)}/items`

/** The shell lines that download release `name` with an API token and print its SHA-256. */
export function curlLines(origin: string, projectId: string, name: string): string {
  return [
    `curl -H "Authorization: Bearer $LABELWELL_TOKEN" ${origin}${releaseItemsPath(projectId, name)} -o ${name}.jsonl`,
    `sha256sum ${name}.jsonl`,
  ].join('\n')
}
