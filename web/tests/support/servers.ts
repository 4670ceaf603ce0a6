/**
 * Global setup: one `labelwell serve` per backend, each on a fresh database
 * (SQLite in a temporary folder; a new PostgreSQL database, dropped at the
 * end) and a free port. Tests find their server's address in
 * LABELWELL_WEB_URL_<BACKEND> (see fixtures.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')

function binary(): string {
  const explicit = process.env.LABELWELL_TEST_BINARY
  if (explicit) return explicit
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/labelwell/target')
  for (const candidate of [join(target, 'release/labelwell'), join(ROOT, 'target/release/labelwell')]) {
    if (existsSync(candidate)) return candidate
  }
  throw new Error('no labelwell binary: run `cargo build --release -p labelwell-server` or set LABELWELL_TEST_BINARY')
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

function psql(url: string, statement: string): void {
  const run = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', statement], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr || run.error?.message}`)
}

async function waitReady(url: string, server: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}); see ${log}`)
    try {
      if ((await fetch(`${url}/readyz`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the server at ${url} did not get ready; see ${log}`)
}

export default async function startServers(): Promise<() => Promise<void>> {
  if (process.env.LABELWELL_TEST_SERVER) {
    process.env.LABELWELL_WEB_URL_EXTERNAL = process.env.LABELWELL_TEST_SERVER
    return async () => undefined
  }
  const backends = (process.env.LABELWELL_TEST_BACKENDS ?? 'sqlite,postgres').split(',').filter(Boolean)
  const work = mkdtempSync(join(tmpdir(), 'labelwell-web-'))
  const servers: ChildProcess[] = []
  const cleanups: (() => void)[] = [() => rmSync(work, { recursive: true, force: true })]
  const admin = process.env.LABELWELL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

  for (const backend of backends) {
    let databaseUrl: string
    if (backend === 'sqlite') {
      databaseUrl = `sqlite://${join(work, 'web.db')}`
    } else if (backend === 'postgres') {
      const name = `labelwell_web_${process.pid}_${Date.now()}`
      psql(admin, `CREATE DATABASE ${name}`)
      cleanups.push(() => psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      const url = new URL(admin)
      url.pathname = `/${name}`
      databaseUrl = url.toString()
    } else {
      throw new Error(`unknown backend ${backend}`)
    }
    const port = await freePort()
    const log = join(work, `${backend}.log`)
    const server = spawn(binary(), ['serve'], {
      cwd: work,
      env: {
        ...process.env,
        LABELWELL_DATABASE_URL: databaseUrl,
        LABELWELL_BIND: `127.0.0.1:${port}`,
        LABELWELL_LOG: process.env.LABELWELL_LOG ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = createWriteStream(log)
    server.stdout?.pipe(out)
    server.stderr?.pipe(out)
    servers.push(server)
    const url = `http://127.0.0.1:${port}`
    await waitReady(url, server, log)
    process.env[`LABELWELL_WEB_URL_${backend.toUpperCase()}`] = url
  }

  return async () => {
    for (const server of servers) {
      server.kill('SIGTERM')
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)))
    }
    for (const cleanup of cleanups.reverse()) cleanup()
  }
}
