/**
 * The annotation UI and guideline versions of a project, fetched once each and
 * kept for the page's lifetime: published versions never change, and the queue
 * hands out items of the same version one after another.
 */
import { api, type Schemas } from '@/api/client'

type AnnotationUi = Schemas['AnnotationUi']
type Guideline = Schemas['Guideline']

const uis = new Map<string, Promise<AnnotationUi>>()
const guidelines = new Map<string, Promise<Guideline>>()

function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key)
  if (!hit) {
    hit = load()
    cache.set(key, hit)
    // A failed load is not remembered: the next call tries again.
    hit.catch(() => cache.delete(key))
  }
  return hit
}

/** Versioned documents of `projectId`. */
export function useProjectVersions(projectId: string) {
  return {
    /** Annotation UI version `version`. */
    annotationUi: (version: number): Promise<AnnotationUi> =>
      remember(uis, `${projectId}/${version}`, async () => {
        const answer = await api.get('/api/v1/projects/{project_id}/annotation-ui/versions/{version}', {
          path: { project_id: projectId, version },
        })
        return answer.annotation_ui
      }),
    /** The annotation UI in force (and remembered under its version). */
    async annotationUiInForce(): Promise<AnnotationUi> {
      const { annotation_ui: ui } = await api.get('/api/v1/projects/{project_id}/annotation-ui', {
        path: { project_id: projectId },
      })
      uis.set(`${projectId}/${ui.version}`, Promise.resolve(ui))
      return ui
    },
    /** Guideline version `version`. */
    guideline: (version: number): Promise<Guideline> =>
      remember(guidelines, `${projectId}/${version}`, async () => {
        const answer = await api.get('/api/v1/projects/{project_id}/guideline/versions/{version}', {
          path: { project_id: projectId, version },
        })
        return answer.guideline
      }),
  }
}
