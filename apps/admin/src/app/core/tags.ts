/** Title/artist overrides as the API takes them: omitted when blank (it refuses empty tags). */
export function optionalTags(title: string, artist: string): { title?: string; artist?: string } {
  const tags: { title?: string; artist?: string } = {};
  if (title.trim()) tags.title = title.trim();
  if (artist.trim()) tags.artist = artist.trim();
  return tags;
}
