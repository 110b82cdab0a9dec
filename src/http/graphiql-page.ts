import fs from 'node:fs';
import path from 'node:path';

/** Files served under /graphiql/, from the npm packages themselves: no CDN, so GraphiQL works offline. */
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export const GRAPHIQL_ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: path.join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  'graphql-ws.js': { file: path.join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'), type: 'text/javascript' },
};

export function readAsset(name: string): { body: Buffer; type: string } | null {
  const asset = GRAPHIQL_ASSETS[name];
  return asset ? { body: fs.readFileSync(asset.file), type: asset.type } : null;
}

const EXAMPLE = `# Paste a token from \`npm run token -- HT-TP-BT\` into the Headers tab:
# { "Authorization": "Bearer <token>" }
query Tree {
  viewer { code isAdmin readScope { code name } }
  unit(code: "HT-TP") {
    name kind
    children(first: 20) { totalCount nodes { code name kind memberCount } }
    posts { title person { fullName } }
  }
}
`;

export const GRAPHIQL_HTML = `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8" />
  <title>GraphiQL · Đánh giá, xếp loại chất lượng</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/graphql-ws.js"></script>
  <script>
    // Subscriptions go over graphql-ws on the same path; the socket carries the token from the Headers tab
    // (GraphiQL keeps them in localStorage), read when the socket opens.
    const authorization = () => {
      try {
        const headers = JSON.parse(localStorage.getItem('graphiql:headers') || '{}');
        const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
        return key ? { authorization: headers[key] } : {};
      } catch { return {}; }
    };
    const wsClient = graphqlWs.createClient({ url: location.origin.replace(/^http/, 'ws') + '/graphql', lazy: true, connectionParams: authorization });
    const fetcher = GraphiQL.createFetcher({ url: location.origin + '/graphql', wsClient });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)}, defaultHeaders: '{ "Authorization": "Bearer " }' }),
    );
  </script>
</body>
</html>`;
