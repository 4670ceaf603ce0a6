/**
 * A whole review round in two browsers: a reviewer rejects an annotation with a
 * comment, the annotator finds it in their history and fixes it, the reviewer
 * accepts the fix. Plus what a reviewer may not do: reject without a comment.
 */
import { expect, itemOnScreen, test, tickets } from './support/fixtures'

test('a reviewer rejects, the annotator fixes it from their history, the reviewer accepts', async ({ world, browse }) => {
  const w = await world({ items: tickets(2), overlap: 2 })
  const ann = await w.join('Ann', 'annotator')
  const cy = await w.join('Cy', 'annotator')
  const rev = await w.join('Rita Reviewer', 'reviewer')

  // Ann labels both items; Cy labels both the same way except the first.
  for (const [person, labels] of [
    [ann, ['negative', 'positive']],
    [cy, ['positive', 'positive']],
  ] as const) {
    for (const label of labels) {
      const lease = await person.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
      await person.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: label } })
    }
  }
  const anns = await ann.get<{ entries: { annotation: { id: string }; item: { external_id: string } }[] }>(
    `/projects/${w.projectId}/my-annotations`,
  )
  const target = anns.entries.find((e) => e.item.external_id === 't001')

  const reviewer = await browse(rev)
  await reviewer.goto(`/projects/${w.projectId}/review`)
  // Skip until Ann's annotation of t001 is the one on screen.
  for (let i = 0; i < 4; i += 1) {
    const shown = await reviewer.locator('[data-annotation-id]').getAttribute('data-annotation-id')
    if (shown === target?.annotation.id) break
    await reviewer.keyboard.press('s')
    await expect(reviewer.locator('[data-annotation-id]')).not.toHaveAttribute('data-annotation-id', shown ?? '')
  }
  await expect(reviewer.locator('[data-annotation-id]')).toHaveAttribute('data-annotation-id', target?.annotation.id ?? '')
  await expect(reviewer.getByRole('heading', { name: /Other annotations of this item \(1\)/ })).toBeVisible()
  await expect(reviewer.getByText('1 of 2 agree')).toBeVisible()

  await reviewer.keyboard.press('r')
  const comment = reviewer.getByLabel('Why do you reject it?')
  await expect(comment).toBeFocused()
  await reviewer.keyboard.press('Enter')
  await expect(reviewer.getByText('Say why you reject it')).toBeVisible()
  await reviewer.keyboard.type('The customer is happy: positive.')
  await reviewer.keyboard.press('Enter')
  await expect(reviewer.getByText('Rejected; the annotator will see your comment.')).toBeVisible()

  const annotator = await browse(ann)
  await annotator.goto(`/projects/${w.projectId}/history`)
  const toFix = annotator.getByRole('region', { name: /To fix/ })
  await expect(toFix.getByText('The customer is happy: positive.')).toBeVisible()
  await toFix.getByRole('link', { name: /Fix/ }).click()
  await expect(annotator.getByText('Rejected by a reviewer:')).toBeVisible()
  await expect(itemOnScreen(annotator)).toHaveText('t001')
  await annotator.keyboard.press('1')
  await annotator.keyboard.press('Enter')
  await expect(annotator.getByText('Your change is saved; it waits for review again.')).toBeVisible()

  const fixed = await rev.get<{ annotation: { value: unknown; review_status: string } }>(`/annotations/${target?.annotation.id}`)
  expect(fixed.annotation).toMatchObject({ value: { sentiment: 'positive' }, review_status: 'pending' })

  await reviewer.goto(`/projects/${w.projectId}/review`)
  for (let i = 0; i < 4; i += 1) {
    const shown = await reviewer.locator('[data-annotation-id]').getAttribute('data-annotation-id')
    if (shown === target?.annotation.id) break
    await reviewer.keyboard.press('s')
    await expect(reviewer.locator('[data-annotation-id]')).not.toHaveAttribute('data-annotation-id', shown ?? '')
  }
  await expect(reviewer.getByText('2 of 2 agree')).toBeVisible()
  await reviewer.keyboard.press('a')
  await expect(reviewer.getByText('Accepted.')).toBeVisible()
  const accepted = await rev.get<{ annotation: { review_status: string } }>(`/annotations/${target?.annotation.id}`)
  expect(accepted.annotation.review_status).toBe('accepted')
})
