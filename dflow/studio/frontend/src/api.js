// The studio's JSON API. The token travels in the cookie the first page load set.
export async function call(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["content-type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch { data = { error: `${response.status} ${response.statusText}` }; }
  if (!response.ok) {
    const error = new Error((data && data.error) || `${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body);
export const put = (path, body) => call("PUT", path, body);

// Follow a run's messages (server-sent events) until it is done.
export function follow(runId, onMessage) {
  const source = new EventSource(`/api/runs/${runId}/events`);
  source.onmessage = (event) => {
    const message = JSON.parse(event.data);
    onMessage(message);
    if (message.type === "done") source.close();
  };
  source.onerror = () => { source.close(); onMessage({ type: "done" }); };
  return source;
}
