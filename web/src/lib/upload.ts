/**
 * An import file sent to `POST /projects/{id}/items` as NDJSON, without the
 * tab ever holding the file: it is read piece by piece (`file.stream()`), a
 * CSV converted to NDJSON on the way (lib/csv.ts), and the server reads and
 * checks the body as it arrives, then writes all of it or nothing.
 *
 * How the bytes travel depends on the connection:
 * - HTTP/2 or later (the server behind a TLS proxy): a streamed request body
 *   (`fetch` with a ReadableStream and `duplex: 'half'`), progress counted as
 *   the network takes the pieces.
 * - HTTP/1.1 (the server as it runs by itself): Chromium refuses streamed
 *   request bodies there, so the body is a Blob sent by XMLHttpRequest, which
 *   reports upload progress. An NDJSON file is sent as the File itself (the
 *   browser reads it from disk); a CSV file's NDJSON is gathered as a Blob of
 *   small Blobs, which the browser keeps outside the page's memory (and on
 *   disk when large).
 * Splitting into several requests would work over both, but each request is
 * its own all-or-nothing import: an error in the last batch would leave the
 * first ones written. One request keeps "nothing imported" true.
 */
import { ApiError, csrfHeaders, problemFrom, type Schemas } from '@/api/client'
import { csvToNdjson, type CsvMapping } from './csv'

/** Where an upload is. */
export interface UploadProgress {
  phase: 'converting' | 'sending' | 'writing'
  /** Bytes of the phase done, and of all of it. */
  done: number
  total: number
}

/** The file's bytes, counted into `onRead` as they are read. */
function counted(file: File, onRead: (bytes: number) => void): ReadableStream<Uint8Array<ArrayBuffer>> {
  let read = 0
  return file.stream().pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        read += chunk.byteLength
        onRead(read)
        controller.enqueue(chunk)
      },
    }),
  )
}

/** The NDJSON body of `file`: the file as it is, or its CSV converted by `csv`. */
function ndjsonOf(file: File, csv: { header: string[]; mapping: CsvMapping } | null, onRead: (bytes: number) => void) {
  const bytes = counted(file, onRead)
  if (!csv) return bytes
  return bytes
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(csvToNdjson(csv.header, csv.mapping))
    .pipeThrough(new TextEncoderStream())
}

/** Whether this page's connection carries streamed request bodies (HTTP/2 and later). */
export function streamsUploads(): boolean {
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
  const protocol = navigation?.nextHopProtocol ?? ''
  return protocol === 'h2' || protocol === 'h3' || protocol.startsWith('h3-')
}

const HEADERS = () => ({ 'Content-Type': 'application/x-ndjson', Accept: 'application/json', ...csrfHeaders() })

async function sendStreamed(url: string, body: ReadableStream<Uint8Array>): Promise<Schemas['ImportItemsResponse']> {
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', body, headers: HEADERS(), credentials: 'same-origin', duplex: 'half' } as RequestInit)
  } catch {
    throw new ApiError(0, 'network_error', 'The upload was cut off. Check your connection and try again; nothing was imported.')
  }
  const text = await response.text()
  if (!response.ok) throw problemFrom(response.status, response.statusText, response.headers.get('content-type') ?? '', text)
  return JSON.parse(text) as Schemas['ImportItemsResponse']
}

function sendBlob(url: string, body: Blob, onProgress: (progress: UploadProgress) => void): Promise<Schemas['ImportItemsResponse']> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    for (const [name, value] of Object.entries(HEADERS())) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => onProgress({ phase: 'sending', done: event.loaded, total: event.total || body.size })
    xhr.upload.onload = () => onProgress({ phase: 'writing', done: body.size, total: body.size })
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was cut off. Check your connection and try again; nothing was imported.'))
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as Schemas['ImportItemsResponse'])
      else reject(problemFrom(xhr.status, xhr.statusText, xhr.getResponseHeader('content-type') ?? '', xhr.responseText))
    }
    xhr.send(body)
  })
}

/** Imports `file` (NDJSON, or CSV read by `csv`) into project `projectId`: all of it, or on any error nothing. */
export async function uploadItems(
  projectId: string,
  file: File,
  csv: { header: string[]; mapping: CsvMapping } | null,
  onProgress: (progress: UploadProgress) => void,
): Promise<Schemas['ImportItemsResponse']> {
  const url = `/api/v1/projects/${encodeURIComponent(projectId)}/items`
  if (streamsUploads()) {
    const body = ndjsonOf(file, csv, (read) => onProgress({ phase: read < file.size ? 'sending' : 'writing', done: read, total: file.size }))
    return sendStreamed(url, body)
  }
  if (!csv) return sendBlob(url, file, onProgress)
  const parts: Blob[] = []
  const reader = ndjsonOf(file, csv, (read) => onProgress({ phase: 'converting', done: read, total: file.size })).getReader()
  for (let piece = await reader.read(); !piece.done; piece = await reader.read()) parts.push(new Blob([piece.value as Uint8Array<ArrayBuffer>]))
  return sendBlob(url, new Blob(parts, { type: 'application/x-ndjson' }), onProgress)
}
