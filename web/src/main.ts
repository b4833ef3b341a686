import { createPinia } from "pinia";
import { createApp, watch } from "vue";
import App from "./App.vue";
import { bundlesFor, createI18n } from "./i18n";
import { SESSION_KEY, startSession } from "./session";
import { usePrefsStore } from "./stores/prefs";
import "./styles/theme.css";
import "./styles/page.css";

const app = createApp(App);
app.use(createPinia());
const prefs = usePrefsStore();
const i18n = createI18n(prefs.languagePreference());
app.use(i18n);
watch(
  () => prefs.locale(),
  (locale) => {
    i18n.bundles = bundlesFor(locale);
    document.documentElement.lang = locale;
  },
  { immediate: true },
);
app.provide(SESSION_KEY, startSession());
app.mount("#app");
void prefs.loadFromServer();
