import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { I18nProvider } from './i18n/i18n';
import { useRoute } from './lib/router';
import { AdminApp } from './views/admin-app';
import { PublicApp } from './views/public-app';

/** `/share/<token>` is the public read-only dashboard; every other path is the admin app. */
function Root() {
  const { path } = useRoute();
  const share = /^\/share\/([^/]+)\/?$/.exec(path)?.[1];
  return (
    <I18nProvider>{share ? <PublicApp token={decodeURIComponent(share)} /> : <AdminApp />}</I18nProvider>
  );
}

const root = document.getElementById('root');
if (root) render(<Root />, root);
