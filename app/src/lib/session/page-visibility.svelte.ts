// Whether the tab is visible: read markers only move, and presence only says "online", while it is.
class PageVisibility {
  visible = $state(true);

  constructor() {
    if (typeof document === 'undefined') return;
    const update = () => (this.visible = document.visibilityState === 'visible');
    update();
    document.addEventListener('visibilitychange', update);
  }
}

export const pageVisibility = new PageVisibility();
